<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Starting the demo server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo server could not be started: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret key for {0} at {1} (kept for this session only):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: no secret key was given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All severities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reveal in tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix selected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate missing thumbnails, delete stale temporary uploads, abort incomplete uploads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} critical, {1} warnings, {2} info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (showing {0} of {1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a scan to see the usage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} · {1} objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage by bucket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totals per bucket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest classrooms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest meetings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All scanned buckets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply fixes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These {0} changes will be made on the server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes to be made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not fixed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prefix (optional), e.g. classrooms/math-7a/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temporary uploads stale after (hours)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temporary uploads older than this are stale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not scanned yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temporary uploads stale after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All buckets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: open a connection first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning {0}: {1} keys seen ({2} keys/s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scan failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scan was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> below {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanned {0} objects ({1}){2} in {3:.1f} s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection changed after the scan: nothing was changed. Scan again to fix what this connection shows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the fixes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm the fixes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No fixes applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixing… {0} of {1} changes done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fix failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export findings as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the report as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote {0} findings to {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage &amp;health…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the storage for problems and see what uses the space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} objects changed since you confirmed and were kept: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… and {0} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listing what would be deleted…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listing what would be deleted… {0} objects ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to delete: the selected folders are empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the folder {0} and the {1} objects in it ({2}) from {3}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete {0} ({1}) from {2}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete {0} objects ({1}) from {2}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objects to delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also delete the thumbnails of these materials ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleting… {0} of {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleting {0} objects…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted {0} objects ({1}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: {0} objects were not deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} changed since you confirmed: kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} objects were not deleted; {1}: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was deleted: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy &amp;location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied {0} locations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A deletion is still running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} cannot be deleted from here: only objects and folders inside a bucket can.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anyone can download objects here without signing in (bucket policy).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anyone can download this without signing in (bucket policy).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The live policy is not understood: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy of {0} cannot be read: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Policies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What is public, who can access a key, drift from the schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who can access this?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image is larger than {0}; download it to view it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is empty: not a valid image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a valid image (unknown or damaged format).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image is {0} × {1} pixels ({2} decoded), more than the {3} a preview may use. Download it to open it elsewhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a valid image: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the PDF is encrypted (password protected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the PDF uses an unsupported security scheme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the data is not a valid PDF (damaged or incomplete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the PDF is incomplete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF is larger than {0}; download it to view it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is empty: not a valid PDF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the PDF could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot show the PDF: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot show the PDF: it has no pages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JSON file is larger than {0}, too large to show as a tree; its beginning is shown as text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is empty: not valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not valid JSON (line {0}, column {1}: {2}); it is shown as text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This JSON is nested too deeply to show as a tree; it is shown as text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OCR quality report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OCR page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low-confidence pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the whole PDF and show it here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the OCR document…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No quality report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} are off: {1} could not be loaded ({2}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install the system package {0} (on Debian or Ubuntu: sudo apt install {0}) and restart the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install the system library it names and restart the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the recording…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} changed on the server while it was being opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} is not a recording: its first bytes ({1}) are not those of a {2} file, so it was not given to the player.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected: 1 bucket readable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected: {0} buckets readable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connections…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Switch connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: add a connection in File &gt; Connections…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no connection profile named {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the secret of {0} from the keyring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret of {0} could not be read: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secrets cannot be stored: the configured keyring would keep them in a plain file. The secret key will be kept for this session only and asked again at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secrets cannot be stored: no keyring service is available. The secret key will be kept for this session only and asked again at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the keyring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not stored: enter the secret key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the secret key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save or connect again to keep it for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None found: set MINIO_ENDPOINT and MINIO_ROOT_USER (or AWS_S3_ENDPOINT and AWS_ACCESS_KEY_ID) before starting the app to use this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} with access key {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You will be asked for the secret key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can review it before it is saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starts a small storage server on this computer with sample classrooms, meetings and documents. Nothing leaves this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the whole storage by name, id, kind, date, size or OCR text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search names, ids and OCR text of the whole storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh the search index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind of object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whose objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classroom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Student</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classroom, student or meeting id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only objects modified from a day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only objects modified until a day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>min size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smallest size, e.g. 500MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>max size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest size, e.g. 2GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the search index…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The search index cannot be opened: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshing the search index…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh stopped; the index holds what was read so far.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshing the search index: {0} keys listed…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading original names and OCR text: {0} of {1}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The search index could not be refreshed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The search index was never refreshed: {0} objects.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search index: {0} objects, refreshed {1} ago ({2}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The search failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first {0} results; add words or filters to narrow them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} results.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Upload files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Incomplete uploads…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload files here…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a classroom, a student&apos;s notes or a folder to upload into.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload to {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the objects or folders to download.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download to folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
… and {0} more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Existing: {0} {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply to all remaining conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incomplete uploads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abort selected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multipart uploads that were started but never completed or aborted. Their parts take space on the server until they are aborted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listing incomplete uploads…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} incomplete upload(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abort uploads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abort {0} incomplete upload(s)? Their uploaded parts are deleted; this cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aborting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 file uploaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} files uploaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 file downloaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} files downloaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} thumbnail(s) could not be made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was transferred</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ETA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfers: {0} active, {1} of {2} ({3} %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incomplete uploads…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open containing folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy error message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {0} tree is not available in this connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s3://{0}/{1} is not part of the {2} tree.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s3://{0}/{1} was not found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the start of each recording of meeting {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify recordings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked {0} of {1}: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meeting {0} has no recordings to verify.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All {0} recordings of meeting {1} start like WebM files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of {1} recordings of meeting {2} are not WebM files: {3}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying the recordings of meeting {0} failed: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying recordings was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify recordings of meeting {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open OCR document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No OCR document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open material</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no OCR document for {0} in {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for the OCR document of {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No classroom in {0} holds a material {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for the material {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classrooms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Students</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meetings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exams</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OCR documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MLflow experiments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temporary uploads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} in the bucket {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n entries here do not fit the storage schema; they are shown as stored.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Stored as {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document id: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OCR document: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The consistency check of this level could not finish: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not checked for consistency: more than {0} objects to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>note</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) found</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Not part of the storage schema; shown as stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading failed: {0} (double-click or use Refresh to retry)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size unknown: the server&apos;s listing gave no readable size for this object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matching text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccessTab</name>
    <message>
        <source>Key or prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key, or prefix ending in / (empty: the whole bucket)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anonymous (anyone on the internet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connected user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another principal…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user name or ARN, e.g. ensure-study</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name or ARN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key or prefix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server (unsigned request)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access by operation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Why&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server could not be asked: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the policy of {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>denied (explicit Deny)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not granted here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>anyone (anonymous)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answers for {0} on s3://{1}/{2}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No object was found under this prefix; a new object named {0} stands for any object there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server column is what an unsigned (anonymous) request gets; a user&apos;s own permissions are not visible to the bucket policy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not tried (it would change data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>asking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unclear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(differs from the policy)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApplyPolicyDialog</name>
    <message>
        <source>Apply the expected policy to {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The live policy of &lt;b&gt;{0}&lt;/b&gt; will be replaced by the one the schema expects. Lines starting with − are removed, lines starting with + are added (canonical JSON, so only differences in meaning show).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;The policy of {0} was changed by someone else since the difference was shown; nothing was written.&lt;/b&gt; This is the difference now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes to the policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>{0} ran into a problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Your data on the server is safe; unfinished transfers are kept in the journal. Please copy the report below and send it to support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DriftTab</name>
    <message>
        <source>Check all buckets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply expected policy…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the selected bucket&apos;s policy with the schema&apos;s, after showing the difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema drift findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the bucket policies…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The live policy means what the schema expects; the server agrees.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bucket does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no policies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>policy: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} critical, {1} warning(s), {2} info.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} is not one of the schema&apos;s buckets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the check first to see what would change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bucket {0} does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy of {0} already means what the schema expects.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting the expected policy on {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The expected policy is set on {0}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImageView</name>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit the image to the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>100%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} × {1} px · {2}%</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JsonView</name>
    <message>
        <source>JSON tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… {0} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See the Raw tab for all of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} items</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s3://bucket/prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An s3:// address to go to; press Enter to open it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;{0} {1}&lt;/h3&gt;&lt;p&gt;Browse and manage the Ensure Study object storage.&lt;/p&gt;&lt;p&gt;Qt {2} · PySide6 {3} · minio {4}&lt;/p&gt;&lt;p&gt;Licence: MIT&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to {0} ({1}) as {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect to {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listing {0} failed: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A location looks like s3://bucket/prefix/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bucket {0} is not open in this connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} was not found.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MediaView</name>
    <message>
        <source>♪ Audio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play / pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous chunk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next chunk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} ({1} of {2})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This recording cannot be played: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recording could not be read: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unsupported or damaged media</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playback failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MetadataSection</name>
    <message>
        <source>Details and sharing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link lifetime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>7 days (maximum)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long the link works</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press “Copy link” to make a link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ETag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public link (anyone can open it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy public link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link valid for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public link (anyone can open it): it does not expire, it works as long as the bucket policy allows anonymous reads.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presigned link.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presigned link, valid until {0} ({1}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No link: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OcrView</name>
    <message>
        <source>Previous page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OCR document {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page {0} ({1} of {2})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PathBadge</name>
    <message>
        <source>Not encrypted (HTTP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to {0} uses plain HTTP across the network. Anyone on the way (the Wi-Fi, the local network, a provider) can read everything: object names, file contents, and what this app asks the server. They can also change what you download and what the server seems to answer. Uploads are signed, so the server refuses an upload that was changed on the way. Use HTTPS (the profile&apos;s TLS option) where the server offers it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate not verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not checked (the profile&apos;s option, or --insecure). Anyone on the way to {0} can pose as the server, then read and change everything, your secret key&apos;s requests included. Give the server&apos;s CA file in the profile instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security warning: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PdfView</name>
    <message>
        <source>Previous page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit the page width to the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>of {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PolicyInspector</name>
    <message>
        <source>Bucket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the bucket&apos;s policy from the server again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who can access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User policies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the policy of {0}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PolicyTab</name>
    <message>
        <source>Bucket policy (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No bucket policy is set: nothing in this bucket is public. Turn on Edit to write one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the policy (only keys allowed to set policies can save)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live policy (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;What it means&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Risks&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Anonymous access&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy of {0} read from the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No bucket policy: only signed-in users with their own permissions have access; nothing is public.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No risks found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(the bucket)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editing: every change is checked; Save sets the policy on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: saving removes the bucket policy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid; it means the same as the live policy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid policy with {0} statement(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the bucket policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the bucket policy of {0}? The editor is empty, so saving deletes the policy on the server: everything it allows (anonymous reads, access for other users) stops.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy of {0} was not removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the policy of {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy of {0} was saved and read back.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <source>Nothing selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an object to preview it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} is a folder: select an object in it to preview it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is nothing to preview for {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} is {1}, more than the {2} a preview may read. Use Download… to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no preview for this kind of object. Use Download… or Copy link below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot show the PDF: it could not be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading thumbnail…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No thumbnail can be derived for this material.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This material has no thumbnail (expected at s3://{0}/{1}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The thumbnail cannot be shown: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF is {0}, more than the {1} a preview may read. Use Download… to open it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProfileForm</name>
    <message>
        <source>host:port, e.g. localhost:9000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use TLS (https)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify the server certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the secret for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents bucket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recordings bucket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OCR bucket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MLflow bucket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use Rename to change the name of a saved profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A profile called &apos;{0}&apos; exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the secret key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the keyring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session only: no keyring available. The secret is kept in memory until the application quits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session only: kept in memory until the application quits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored in {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Will be stored in {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProfileList</name>
    <message>
        <source>Connection profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import from environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read MINIO_ENDPOINT, MINIO_ROOT_USER/PASSWORD, AWS_ACCESS_KEY_ID/SECRET_ACCESS_KEY, AWS_S3_ENDPOINT and AWS_S3_BUCKET from this program&apos;s environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} (unsaved)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProfilesDialog</name>
    <message>
        <source>Connection profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard the changes to this profile?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported from the environment. Check the settings, then save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No secret key was set in the environment: enter it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct the marked fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile was saved, but not its secret key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A profile called &apos;{0}&apos; exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renamed to {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile was not renamed: its secret could not be moved. {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the profile &apos;{0}&apos; and its stored secret key?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile was deleted, but its secret could not be removed from the keyring: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close and discard the unsaved changes?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProfilesMenu</name>
    <message>
        <source>No saved profiles</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Schema</name>
    <message>
        <source>Section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unrecognized</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classrooms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classroom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Materials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thumbnails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Students</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Student</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temporary uploads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meetings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exams</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exam session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OCR document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page text (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Artifacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Material</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thumbnail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Student note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temporary upload file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording chunk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processed audio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proctoring recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OCR page image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OCR page text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OCR quality report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run artifact</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TextView</name>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the first {0} of {1} are shown: the file was truncated for the preview. Download it to see all of it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a larger file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TreePanel</name>
    <message>
        <source>Filter this level…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter this level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Navigator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the selected folder or bucket holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Descending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} entries so far, loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} entries</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <source>Declared user policies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read users from the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;The schema&apos;s user policy&lt;/b&gt; (Authenticated Access, as declared)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the server&apos;s admin API…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome to {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no connection yet. {0} shows your school&apos;s storage once it knows where the storage server is and which key to use. How do you want to start?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the storage server&apos;s address and your access key. The secret key is kept in the system keyring, never in a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the connection from the environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the demo storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections can be added later in File &gt; Connections…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
