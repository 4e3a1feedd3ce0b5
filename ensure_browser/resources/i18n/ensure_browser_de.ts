<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Starting the demo server…</source>
        <translation>Der Demo-Server wird gestartet…</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>The demo server could not be started: {0}</source>
        <translation>Der Demo-Server konnte nicht gestartet werden: {0}</translation>
    </message>
    <message>
        <source>Secret key</source>
        <translation>Geheimer Schlüssel</translation>
    </message>
    <message>
        <source>Secret key for {0} at {1} (kept for this session only):</source>
        <translation>Geheimer Schlüssel für {0} auf {1} (nur für diese Sitzung behalten):</translation>
    </message>
    <message>
        <source>Not connected: no secret key was given.</source>
        <translation>Nicht verbunden: Es wurde kein geheimer Schlüssel angegeben.</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>All severities</source>
        <translation>Alle Schweregrade</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Critical</source>
        <extracomment>The live policy the editor was filled from: parsed, ``None`` for no policy, raw text when not understood.</extracomment>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>Entität</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>All rules</source>
        <translation>Alle Regeln</translation>
    </message>
    <message>
        <source>Filter by text</source>
        <translation>Nach Text filtern</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <source>Reveal in tree</source>
        <translation>Im Baum zeigen</translation>
    </message>
    <message>
        <source>Fix selected…</source>
        <translation>Auswahl beheben…</translation>
    </message>
    <message>
        <source>Regenerate missing thumbnails, delete stale temporary uploads, abort incomplete uploads</source>
        <translation>Fehlende Vorschaubilder neu erzeugen, veraltete temporäre Uploads löschen, unvollständige Uploads abbrechen</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Als CSV exportieren…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>Als JSON exportieren…</translation>
    </message>
    <message>
        <source> (showing {0} of {1})</source>
        <translation> ({0} von {1} angezeigt)</translation>
    </message>
    <message>
        <source>Run a scan to see the usage.</source>
        <translation>Starten Sie einen Scan, um die Belegung zu sehen.</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>{0} · {1} objects</source>
        <translation>{0} · {1} Objekte</translation>
    </message>
    <message>
        <source>Usage by bucket</source>
        <translation>Belegung nach Bucket</translation>
    </message>
    <message>
        <source>Bucket</source>
        <translation>Bucket</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>Objekte</translation>
    </message>
    <message>
        <source>Old versions</source>
        <translation>Alte Versionen</translation>
    </message>
    <message>
        <source>Their size</source>
        <translation>Deren Größe</translation>
    </message>
    <message>
        <source>Delete markers</source>
        <translation>Löschmarkierungen</translation>
    </message>
    <message>
        <source>Replaced or deleted objects a versioned bucket still keeps</source>
        <translation>Ersetzte oder gelöschte Objekte, die ein versionierter Bucket noch aufbewahrt</translation>
    </message>
    <message>
        <source>The bytes the old versions hold</source>
        <translation>Die Bytes, die die alten Versionen belegen</translation>
    </message>
    <message>
        <source>Deletions a versioned bucket recorded (an object under one can be undeleted)</source>
        <translation>Löschungen, die ein versionierter Bucket vermerkt hat (ein Objekt darunter lässt sich zurückholen)</translation>
    </message>
    <message>
        <source>not counted</source>
        <translation>nicht gezählt</translation>
    </message>
    <message>
        <source>versioning off</source>
        <translation>Versionierung aus</translation>
    </message>
    <message>
        <source>no versioning</source>
        <translation>keine Versionierung</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Totals per bucket</source>
        <translation>Summen je Bucket</translation>
    </message>
    <message>
        <source>Largest classrooms</source>
        <translation>Größte Klassen</translation>
    </message>
    <message>
        <source>Largest meetings</source>
        <translation>Größte Meetings</translation>
    </message>
    <message>
        <source>All scanned buckets</source>
        <translation>Alle gescannten Buckets</translation>
    </message>
    <message>
        <source>Apply fixes</source>
        <translation>Korrekturen anwenden</translation>
    </message>
    <message>
        <source>These {0} changes will be made on the server:</source>
        <translation>Diese {0} Änderungen werden auf dem Server vorgenommen:</translation>
    </message>
    <message>
        <source>Changes to be made</source>
        <translation>Vorzunehmende Änderungen</translation>
    </message>
    <message>
        <source>Not fixed:</source>
        <translation>Nicht behoben:</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>Storage health</source>
        <translation>Speicherzustand</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Belegung</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Präfix</translation>
    </message>
    <message>
        <source>prefix (optional), e.g. classrooms/math-7a/</source>
        <translation>Präfix (optional), z. B. classrooms/math-7a/</translation>
    </message>
    <message>
        <source>Temporary uploads stale after (hours)</source>
        <translation>Temporäre Uploads veraltet nach (Stunden)</translation>
    </message>
    <message>
        <source> h</source>
        <translation> Std.</translation>
    </message>
    <message>
        <source>Temporary uploads older than this are stale</source>
        <translation>Ältere temporäre Uploads gelten als veraltet</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Scannen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Not scanned yet.</source>
        <translation>Noch nicht gescannt.</translation>
    </message>
    <message>
        <source>Bucket:</source>
        <translation>Bucket:</translation>
    </message>
    <message>
        <source>Prefix:</source>
        <translation>Präfix:</translation>
    </message>
    <message>
        <source>Temporary uploads stale after:</source>
        <translation>Temporäre Uploads veraltet nach:</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
    <message>
        <source>All buckets</source>
        <translation>Alle Buckets</translation>
    </message>
    <message>
        <source>Not connected: open a connection first.</source>
        <translation>Nicht verbunden: Öffnen Sie zuerst eine Verbindung.</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>Wird gescannt…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Scanning {0}: {1} keys seen ({2} keys/s)</source>
        <translation>{0} wird gescannt: {1} Schlüssel gesehen ({2} Schlüssel/s)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln finding</source>
        <translation>
            <numerusform>%Ln Befund</numerusform>
            <numerusform>%Ln Befunde</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln findings</source>
        <translation>
            <numerusform>%Ln Befund</numerusform>
            <numerusform>%Ln Befunde</numerusform>
        </translation>
    </message>
    <message>
        <source>Scan finished: {0} ({1}). {2}</source>
        <translation>Scan beendet: {0} ({1}). {2}</translation>
    </message>
    <message>
        <source>The scan failed: {0}</source>
        <translation>Der Scan ist fehlgeschlagen: {0}</translation>
    </message>
    <message>
        <source>The scan was cancelled.</source>
        <translation>Der Scan wurde abgebrochen.</translation>
    </message>
    <message>
        <source> below {0}</source>
        <translation> unterhalb von {0}</translation>
    </message>
    <message>
        <source>Scanned {0} objects ({1}){2} in {3} s.</source>
        <translation>{0} Objekte ({1}){2} in {3} s gescannt.</translation>
    </message>
    <message>
        <source>Copy key</source>
        <translation>Schlüssel kopieren</translation>
    </message>
    <message>
        <source>The connection changed after the scan: nothing was changed. Scan again to fix what this connection shows.</source>
        <translation>Die Verbindung hat sich nach dem Scan geändert: Es wurde nichts verändert. Scannen Sie erneut, um zu beheben, was diese Verbindung zeigt.</translation>
    </message>
    <message>
        <source>Preparing the fixes…</source>
        <translation>Die Korrekturen werden vorbereitet…</translation>
    </message>
    <message>
        <source>Confirm the fixes.</source>
        <translation>Bestätigen Sie die Korrekturen.</translation>
    </message>
    <message>
        <source>No fixes applied.</source>
        <translation>Keine Korrekturen angewendet.</translation>
    </message>
    <message>
        <source>Fixing… {0} of {1} changes done</source>
        <translation>Wird behoben… {0} von {1} Änderungen erledigt</translation>
    </message>
    <message>
        <source>Fixing…</source>
        <translation>Wird behoben…</translation>
    </message>
    <message>
        <source>The fix failed: {0}</source>
        <translation>Die Korrektur ist fehlgeschlagen: {0}</translation>
    </message>
    <message>
        <source>Export findings as CSV</source>
        <translation>Befunde als CSV exportieren</translation>
    </message>
    <message>
        <source>Export the report as JSON</source>
        <translation>Den Bericht als JSON exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>Wrote {0} findings to {1}.</source>
        <translation>{0} Befunde in {1} geschrieben.</translation>
    </message>
    <message>
        <source>Could not write {0}: {1}</source>
        <translation>{0} konnte nicht geschrieben werden: {1}</translation>
    </message>
    <message>
        <source>Storage &amp;health…</source>
        <translation>Speicher&amp;zustand…</translation>
    </message>
    <message>
        <source>Scan the storage for problems and see what uses the space</source>
        <translation>Den Speicher auf Probleme prüfen und sehen, was den Platz belegt</translation>
    </message>
    <message>
        <source>{0} objects changed since you confirmed and were kept: {1}</source>
        <translation>{0} Objekte haben sich seit Ihrer Bestätigung geändert und wurden behalten: {1}</translation>
    </message>
    <message>
        <source>… and {0} more</source>
        <translation>… und {0} weitere</translation>
    </message>
    <message>
        <source>To bring an object back, tick View &gt; Show deleted objects in its folder and choose Undelete, or restore a version from its Versions tab.</source>
        <translation>Um ein Objekt zurückzuholen, wählen Sie in seinem Ordner Ansicht &gt; Gelöschte Objekte anzeigen und dann „Zurückholen“, oder stellen Sie auf dem Reiter Versionen eine Version wieder her.</translation>
    </message>
    <message>
        <source>{0} keeps every version: the deleted objects can be restored.</source>
        <translation>{0} bewahrt jede Version auf: Die gelöschten Objekte lassen sich wiederherstellen.</translation>
    </message>
    <message>
        <source>Objects deleted from {0} can be restored ({1}); those from {2} cannot: this cannot be undone for them.</source>
        <translation>Aus {0} gelöschte Objekte lassen sich wiederherstellen ({1}); die aus {2} nicht: Für sie kann dies nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Listing what would be deleted…</source>
        <translation>Was gelöscht würde, wird aufgelistet…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Listing what would be deleted… {0} objects ({1})</source>
        <translation>Was gelöscht würde, wird aufgelistet… {0} Objekte ({1})</translation>
    </message>
    <message>
        <source>Nothing to delete: the selected folders are empty.</source>
        <translation>Nichts zu löschen: Die ausgewählten Ordner sind leer.</translation>
    </message>
    <message>
        <source>Delete the folder {0} and the {1} objects in it ({2}) from {3}?</source>
        <translation>Den Ordner {0} und die {1} Objekte darin ({2}) aus {3} löschen?</translation>
    </message>
    <message>
        <source>Delete “{0}” ({1}) from {2}?</source>
        <translation>„{0}“ ({1}) aus {2} löschen?</translation>
    </message>
    <message>
        <source>Delete {0} ({1}) from {2}?</source>
        <translation>{0} ({1}) aus {2} löschen?</translation>
    </message>
    <message>
        <source>Delete {0} objects ({1}) from {2}?</source>
        <translation>{0} Objekte ({1}) aus {2} löschen?</translation>
    </message>
    <message>
        <source>This cannot be undone.</source>
        <translation>Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Objects to delete</source>
        <translation>Zu löschende Objekte</translation>
    </message>
    <message>
        <source>Also delete the thumbnails of these materials ({0})</source>
        <translation>Auch die Vorschaubilder dieser Materialien löschen ({0})</translation>
    </message>
    <message>
        <source>Nothing was deleted.</source>
        <translation>Es wurde nichts gelöscht.</translation>
    </message>
    <message>
        <source>Deleting… {0} of {1}</source>
        <translation>Wird gelöscht… {0} von {1}</translation>
    </message>
    <message>
        <source>Deleting {0} objects…</source>
        <translation>{0} Objekte werden gelöscht…</translation>
    </message>
    <message>
        <source>Deleted {0} objects ({1}).</source>
        <translation>{0} Objekte gelöscht ({1}).</translation>
    </message>
    <message>
        <source>Cancelled: {0} objects were not deleted.</source>
        <translation>Abgebrochen: {0} Objekte wurden nicht gelöscht.</translation>
    </message>
    <message>
        <source>{0} changed since you confirmed: kept.</source>
        <translation>{0} hat sich seit Ihrer Bestätigung geändert: behalten.</translation>
    </message>
    <message>
        <source>{0} objects were not deleted; {1}: {2}</source>
        <translation>{0} Objekte wurden nicht gelöscht; {1}: {2}</translation>
    </message>
    <message>
        <source>Nothing was deleted: {0}</source>
        <translation>Es wurde nichts gelöscht: {0}</translation>
    </message>
    <message>
        <source>Also delete its thumbnail</source>
        <translation>Auch sein Vorschaubild löschen</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Copy &amp;location</source>
        <translation>&amp;Adresse kopieren</translation>
    </message>
    <message>
        <source>Copy location</source>
        <translation>Adresse kopieren</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <source>Copied {0}</source>
        <translation>{0} kopiert</translation>
    </message>
    <message>
        <source>Copied {0} locations</source>
        <translation>{0} Adressen kopiert</translation>
    </message>
    <message>
        <source>A deletion is still running.</source>
        <translation>Ein Löschvorgang läuft noch.</translation>
    </message>
    <message>
        <source>{0} cannot be deleted from here: only objects and folders inside a bucket can.</source>
        <translation>{0} kann hier nicht gelöscht werden: Nur Objekte und Ordner innerhalb eines Buckets können es.</translation>
    </message>
    <message>
        <source>Anyone can download objects here without signing in (bucket policy).</source>
        <translation>Jeder kann Objekte hier ohne Anmeldung herunterladen (Bucket-Richtlinie).</translation>
    </message>
    <message>
        <source>Anyone can download this without signing in (bucket policy).</source>
        <translation>Jeder kann dies ohne Anmeldung herunterladen (Bucket-Richtlinie).</translation>
    </message>
    <message>
        <source>{0} · public</source>
        <translation>{0} · öffentlich</translation>
    </message>
    <message>
        <source>The live policy is not understood: {0}</source>
        <translation>Die aktive Richtlinie wird nicht verstanden: {0}</translation>
    </message>
    <message>
        <source>The policy of {0} cannot be read: {1}</source>
        <translation>Die Richtlinie von {0} kann nicht gelesen werden: {1}</translation>
    </message>
    <message>
        <source>Policies</source>
        <translation>Richtlinien</translation>
    </message>
    <message>
        <source>&amp;Policies</source>
        <translation>&amp;Richtlinien</translation>
    </message>
    <message>
        <source>What is public, who can access a key, drift from the schema</source>
        <translation>Was öffentlich ist, wer auf einen Schlüssel zugreifen kann, Abweichungen vom Schema</translation>
    </message>
    <message>
        <source>Who can access this?</source>
        <translation>Wer kann hierauf zugreifen?</translation>
    </message>
    <message>
        <source>The image is larger than {0}; download it to view it.</source>
        <translation>Das Bild ist größer als {0}; laden Sie es herunter, um es anzusehen.</translation>
    </message>
    <message>
        <source>The file is empty: not a valid image.</source>
        <translation>Die Datei ist leer: kein gültiges Bild.</translation>
    </message>
    <message>
        <source>This is not a valid image (unknown or damaged format).</source>
        <translation>Dies ist kein gültiges Bild (unbekanntes oder beschädigtes Format).</translation>
    </message>
    <message>
        <source>The image is {0} × {1} pixels ({2} decoded), more than the {3} a preview may use. Download it to open it elsewhere.</source>
        <translation>Das Bild hat {0} × {1} Pixel ({2} dekodiert), mehr als die {3}, die eine Vorschau belegen darf. Laden Sie es herunter, um es anderswo zu öffnen.</translation>
    </message>
    <message>
        <source>This is not a valid image: {0}.</source>
        <translation>Dies ist kein gültiges Bild: {0}.</translation>
    </message>
    <message>
        <source>the PDF is encrypted (password protected)</source>
        <translation>das PDF ist verschlüsselt (passwortgeschützt)</translation>
    </message>
    <message>
        <source>the PDF uses an unsupported security scheme</source>
        <translation>das PDF verwendet ein nicht unterstütztes Sicherheitsverfahren</translation>
    </message>
    <message>
        <source>the data is not a valid PDF (damaged or incomplete)</source>
        <translation>die Daten sind kein gültiges PDF (beschädigt oder unvollständig)</translation>
    </message>
    <message>
        <source>the PDF is incomplete</source>
        <translation>das PDF ist unvollständig</translation>
    </message>
    <message>
        <source>The PDF is larger than {0}; download it to view it.</source>
        <translation>Das PDF ist größer als {0}; laden Sie es herunter, um es anzusehen.</translation>
    </message>
    <message>
        <source>The file is empty: not a valid PDF.</source>
        <translation>Die Datei ist leer: kein gültiges PDF.</translation>
    </message>
    <message>
        <source>the PDF could not be read</source>
        <translation>das PDF konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>Cannot show the PDF: {0}.</source>
        <translation>Das PDF kann nicht angezeigt werden: {0}.</translation>
    </message>
    <message>
        <source>Cannot show the PDF: it has no pages.</source>
        <translation>Das PDF kann nicht angezeigt werden: Es hat keine Seiten.</translation>
    </message>
    <message>
        <source>The JSON file is larger than {0}, too large to show as a tree; its beginning is shown as text.</source>
        <translation>Die JSON-Datei ist größer als {0} und zu groß für die Baumansicht; ihr Anfang wird als Text gezeigt.</translation>
    </message>
    <message>
        <source>The file is empty: not valid JSON.</source>
        <translation>Die Datei ist leer: kein gültiges JSON.</translation>
    </message>
    <message>
        <source>This is not valid JSON (line {0}, column {1}: {2}); it is shown as text.</source>
        <translation>Dies ist kein gültiges JSON (Zeile {0}, Spalte {1}: {2}); es wird als Text gezeigt.</translation>
    </message>
    <message>
        <source>This JSON is nested too deeply to show as a tree; it is shown as text.</source>
        <translation>Dieses JSON ist zu tief verschachtelt für die Baumansicht; es wird als Text gezeigt.</translation>
    </message>
    <message>
        <source>OCR quality report</source>
        <translation>OCR-Qualitätsbericht</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Seite</translation>
    </message>
    <message>
        <source>Text blocks</source>
        <translation>Textblöcke</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Zeichen</translation>
    </message>
    <message>
        <source>OCR page</source>
        <translation>OCR-Seite</translation>
    </message>
    <message>
        <source>Model metrics</source>
        <translation>Modellmetriken</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>Mean confidence</source>
        <translation>Mittlere Konfidenz</translation>
    </message>
    <message>
        <source>Low-confidence pages</source>
        <translation>Seiten mit geringer Konfidenz</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Open PDF</source>
        <translation>PDF öffnen</translation>
    </message>
    <message>
        <source>Load the whole PDF and show it here</source>
        <translation>Das ganze PDF laden und hier anzeigen</translation>
    </message>
    <message>
        <source>Loading the OCR document…</source>
        <translation>Das OCR-Dokument wird geladen…</translation>
    </message>
    <message>
        <source>No quality report.</source>
        <translation>Kein Qualitätsbericht.</translation>
    </message>
    <message>
        <source>{0} are off: {1} could not be loaded ({2}).</source>
        <translation>{0} sind ausgeschaltet: {1} konnte nicht geladen werden ({2}).</translation>
    </message>
    <message>
        <source>Install the system package {0} (on Debian or Ubuntu: sudo apt install {0}) and restart the app.</source>
        <translation>Installieren Sie das Systempaket {0} (unter Debian oder Ubuntu: sudo apt install {0}) und starten Sie die App neu.</translation>
    </message>
    <message>
        <source>Install the system library it names and restart the app.</source>
        <translation>Installieren Sie die genannte Systembibliothek und starten Sie die App neu.</translation>
    </message>
    <message>
        <source>Opening the recording…</source>
        <translation>Die Aufzeichnung wird geöffnet…</translation>
    </message>
    <message>
        <source>{0} is empty.</source>
        <translation>{0} ist leer.</translation>
    </message>
    <message>
        <source>{0} changed on the server while it was being opened.</source>
        <translation>{0} hat sich auf dem Server geändert, während es geöffnet wurde.</translation>
    </message>
    <message>
        <source>{0} is not a recording: its first bytes ({1}) are not those of a {2} file, so it was not given to the player.</source>
        <translation>{0} ist keine Aufzeichnung: Die ersten Bytes ({1}) sind nicht die einer {2}-Datei, daher wurde sie nicht an den Player übergeben.</translation>
    </message>
    <message>
        <source>Connected: 1 bucket readable.</source>
        <translation>Verbunden: 1 Bucket lesbar.</translation>
    </message>
    <message>
        <source>Connected: {0} buckets readable.</source>
        <translation>Verbunden: {0} Buckets lesbar.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
    <message>
        <source>The identity provider answers at {0}. Connect to sign in in the web browser.</source>
        <translation>Der Identitätsanbieter antwortet unter {0}. Verbinden Sie sich, um sich im Webbrowser anzumelden.</translation>
    </message>
    <message>
        <source>The storage server at {0} answers directory sign-in requests. Connect to enter your password; it is checked then.</source>
        <translation>Der Speicherserver unter {0} beantwortet Anmeldeanfragen mit Verzeichniskonto. Verbinden Sie sich, um Ihr Passwort einzugeben; es wird dann geprüft.</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>&amp;Connections…</source>
        <translation>&amp;Verbindungen…</translation>
    </message>
    <message>
        <source>&amp;Switch connection</source>
        <translation>Verbindung &amp;wechseln</translation>
    </message>
    <message>
        <source>Not connected: add a connection in File &gt; Connections…</source>
        <translation>Nicht verbunden: Fügen Sie eine Verbindung hinzu unter Datei &gt; Verbindungen…</translation>
    </message>
    <message>
        <source>There is no connection profile named {0}.</source>
        <translation>Es gibt kein Verbindungsprofil namens {0}.</translation>
    </message>
    <message>
        <source>Reading the secret of {0} from the keyring…</source>
        <translation>Das Geheimnis von {0} wird aus dem Schlüsselbund gelesen…</translation>
    </message>
    <message>
        <source>The secret of {0} could not be read: {1}</source>
        <translation>Das Geheimnis von {0} konnte nicht gelesen werden: {1}</translation>
    </message>
    <message>
        <source>Secrets cannot be stored: the configured keyring would keep them in a plain file. The secret key will be kept for this session only and asked again at the next start.</source>
        <translation>Geheimnisse können nicht gespeichert werden: Der eingestellte Schlüsselbund würde sie in einer unverschlüsselten Datei ablegen. Der geheime Schlüssel wird nur für diese Sitzung behalten und beim nächsten Start erneut abgefragt.</translation>
    </message>
    <message>
        <source>Secrets cannot be stored: no keyring service is available. The secret key will be kept for this session only and asked again at the next start.</source>
        <translation>Geheimnisse können nicht gespeichert werden: Kein Schlüsselbund-Dienst verfügbar. Der geheime Schlüssel wird nur für diese Sitzung behalten und beim nächsten Start erneut abgefragt.</translation>
    </message>
    <message>
        <source>Reading the keyring…</source>
        <translation>Der Schlüsselbund wird gelesen…</translation>
    </message>
    <message>
        <source>Not stored: enter the secret key</source>
        <translation>Nicht gespeichert: Geben Sie den geheimen Schlüssel ein</translation>
    </message>
    <message>
        <source>Enter the secret key</source>
        <translation>Geben Sie den geheimen Schlüssel ein</translation>
    </message>
    <message>
        <source>Save or connect again to keep it for this session only.</source>
        <translation>Speichern oder verbinden Sie erneut, um ihn nur für diese Sitzung zu behalten.</translation>
    </message>
    <message>
        <source>None found: set MINIO_ENDPOINT and MINIO_ROOT_USER (or AWS_S3_ENDPOINT and AWS_ACCESS_KEY_ID) before starting the app to use this.</source>
        <translation>Keine gefunden: Setzen Sie MINIO_ENDPOINT und MINIO_ROOT_USER (oder AWS_S3_ENDPOINT und AWS_ACCESS_KEY_ID), bevor Sie die App starten, um dies zu nutzen.</translation>
    </message>
    <message>
        <source>{0} with access key {1}.</source>
        <translation>{0} mit Zugriffsschlüssel {1}.</translation>
    </message>
    <message>
        <source>You will be asked for the secret key.</source>
        <translation>Sie werden nach dem geheimen Schlüssel gefragt.</translation>
    </message>
    <message>
        <source>You can review it before it is saved.</source>
        <translation>Sie können sie prüfen, bevor sie gespeichert wird.</translation>
    </message>
    <message>
        <source>Starts a small storage server on this computer with sample classrooms, meetings and documents. Nothing leaves this computer.</source>
        <translation>Startet einen kleinen Speicherserver auf diesem Computer mit Beispielklassen, -meetings und -dokumenten. Nichts verlässt diesen Computer.</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>Search the whole storage by name, id, kind, date, size or OCR text</source>
        <translation>Den ganzen Speicher nach Name, ID, Art, Datum, Größe oder OCR-Text durchsuchen</translation>
    </message>
    <message>
        <source>Search names, ids and OCR text of the whole storage</source>
        <translation>Namen, IDs und OCR-Text des ganzen Speichers durchsuchen</translation>
    </message>
    <message>
        <source>Search the storage</source>
        <translation>Den Speicher durchsuchen</translation>
    </message>
    <message>
        <source>Refresh index</source>
        <translation>Index aktualisieren</translation>
    </message>
    <message>
        <source>Refresh the search index</source>
        <translation>Den Suchindex aktualisieren</translation>
    </message>
    <message>
        <source>Kind of object</source>
        <translation>Art des Objekts</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <source>Whose objects</source>
        <translation>Wessen Objekte</translation>
    </message>
    <message>
        <source>Classroom</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>Schüler/in</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <source>id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Classroom, student or meeting id</source>
        <translation>ID der Klasse, des Schülers oder des Meetings</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Only objects modified from a day</source>
        <translation>Nur Objekte, die ab einem Tag geändert wurden</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Only objects modified until a day</source>
        <translation>Nur Objekte, die bis zu einem Tag geändert wurden</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Erster Tag</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Letzter Tag</translation>
    </message>
    <message>
        <source>min size</source>
        <translation>min. Größe</translation>
    </message>
    <message>
        <source>Smallest size, e.g. 500MiB</source>
        <translation>Mindestgröße, z. B. 500MiB</translation>
    </message>
    <message>
        <source>max size</source>
        <translation>max. Größe</translation>
    </message>
    <message>
        <source>Largest size, e.g. 2GB</source>
        <translation>Höchstgröße, z. B. 2GB</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>Opening the search index…</source>
        <translation>Der Suchindex wird geöffnet…</translation>
    </message>
    <message>
        <source>The search index cannot be opened: {0}</source>
        <translation>Der Suchindex kann nicht geöffnet werden: {0}</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Refreshing the search index…</source>
        <translation>Der Suchindex wird aktualisiert…</translation>
    </message>
    <message>
        <source>Refresh stopped; the index holds what was read so far.</source>
        <translation>Aktualisierung angehalten; der Index enthält, was bis dahin gelesen wurde.</translation>
    </message>
    <message>
        <source>Refreshing the search index: {0} keys listed…</source>
        <translation>Der Suchindex wird aktualisiert: {0} Schlüssel aufgelistet…</translation>
    </message>
    <message>
        <source>Reading original names and OCR text: {0} of {1}…</source>
        <translation>Originalnamen und OCR-Text werden gelesen: {0} von {1}…</translation>
    </message>
    <message>
        <source>The search index could not be refreshed: {0}</source>
        <translation>Der Suchindex konnte nicht aktualisiert werden: {0}</translation>
    </message>
    <message>
        <source>The search index was never refreshed: {0} objects.</source>
        <translation>Der Suchindex wurde noch nie aktualisiert: {0} Objekte.</translation>
    </message>
    <message>
        <source>Search index: {0} objects, refreshed {1} ago ({2}).</source>
        <translation>Suchindex: {0} Objekte, vor {1} aktualisiert ({2}).</translation>
    </message>
    <message>
        <source>The search failed: {0}</source>
        <translation>Die Suche ist fehlgeschlagen: {0}</translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation>Nichts gefunden.</translation>
    </message>
    <message>
        <source>The first {0} results; add words or filters to narrow them.</source>
        <translation>Die ersten {0} Ergebnisse; grenzen Sie sie mit weiteren Wörtern oder Filtern ein.</translation>
    </message>
    <message>
        <source>{0} results.</source>
        <translation>{0} Ergebnisse.</translation>
    </message>
    <message>
        <source>1 result.</source>
        <translation>1 Ergebnis.</translation>
    </message>
    <message>
        <source>Show in tree</source>
        <translation>Im Baum zeigen</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>Übertragungen</translation>
    </message>
    <message>
        <source>&amp;Upload files…</source>
        <translation>&amp;Dateien hochladen…</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;Herunterladen…</translation>
    </message>
    <message>
        <source>&amp;Incomplete uploads…</source>
        <translation>&amp;Unvollständige Uploads…</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>Herunterladen…</translation>
    </message>
    <message>
        <source>Upload files here…</source>
        <translation>Dateien hierher hochladen…</translation>
    </message>
    <message>
        <source>Select a classroom, a student&apos;s notes or a folder to upload into.</source>
        <translation>Wählen Sie eine Klasse, die Notizen eines Schülers oder einen Ordner als Ziel des Uploads.</translation>
    </message>
    <message>
        <source>Upload to {0}</source>
        <translation>Nach {0} hochladen</translation>
    </message>
    <message>
        <source>Select the objects or folders to download.</source>
        <translation>Wählen Sie die Objekte oder Ordner zum Herunterladen.</translation>
    </message>
    <message>
        <source>Download to folder</source>
        <translation>In Ordner herunterladen</translation>
    </message>
    <message>
        <source>
… and {0} more.</source>
        <translation>
… und {0} weitere.</translation>
    </message>
    <message>
        <source>File exists</source>
        <translation>Datei existiert</translation>
    </message>
    <message>
        <source>{0} changed since you chose to replace it; it was kept.</source>
        <translation>{0} hat sich geändert, nachdem Sie „Ersetzen“ gewählt haben; es wurde behalten.</translation>
    </message>
    <message>
        <source>{0} already exists.</source>
        <translation>{0} existiert bereits.</translation>
    </message>
    <message>
        <source>Existing: {0} {1}</source>
        <translation>Vorhanden: {0} {1}</translation>
    </message>
    <message>
        <source>New: {0}</source>
        <translation>Neu: {0}</translation>
    </message>
    <message>
        <source>date unknown</source>
        <translation>Datum unbekannt</translation>
    </message>
    <message>
        <source>Replace material</source>
        <translation>Material ersetzen</translation>
    </message>
    <message>
        <source>Replace {0} with {1}?</source>
        <translation>{0} durch {1} ersetzen?</translation>
    </message>
    <message>
        <source>1 page</source>
        <translation>1 Seite</translation>
    </message>
    <message>
        <source>{0} pages</source>
        <translation>{0} Seiten</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Jetzt</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>Ersetzen durch</translation>
    </message>
    <message>
        <source>Its OCR results ({0} files) were made from the old file: they will be marked out of date until OCR runs again.</source>
        <translation>Seine OCR-Ergebnisse ({0} Dateien) stammen aus der alten Datei: Sie werden als veraltet markiert, bis OCR erneut läuft.</translation>
    </message>
    <message>
        <source>It stays the same material: its links and its place in the classroom are kept.</source>
        <translation>Es bleibt dasselbe Material: Seine Links und sein Platz in der Klasse bleiben erhalten.</translation>
    </message>
    <message>
        <source>The old file can be brought back afterwards only where the storage keeps old versions.</source>
        <translation>Die alte Datei lässt sich danach nur zurückholen, wo der Speicher alte Versionen aufbewahrt.</translation>
    </message>
    <message>
        <source>What changes</source>
        <translation>Was sich ändert</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Ersetzen</translation>
    </message>
    <message>
        <source>Thumbnail: {0}</source>
        <translation>Vorschaubild: {0}</translation>
    </message>
    <message>
        <source>(no thumbnail)</source>
        <translation>(kein Vorschaubild)</translation>
    </message>
    <message>
        <source>Replace with…</source>
        <translation>Ersetzen durch…</translation>
    </message>
    <message>
        <source>Upload a corrected PDF in place of this material, keeping its document id</source>
        <translation>Ein korrigiertes PDF an Stelle dieses Materials hochladen und dabei seine Dokument-ID behalten</translation>
    </message>
    <message>
        <source>A replace is being prepared already.</source>
        <translation>Ein Ersetzen wird bereits vorbereitet.</translation>
    </message>
    <message>
        <source>Replace {0} with</source>
        <translation>{0} ersetzen durch</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF-Dokumente (*.pdf)</translation>
    </message>
    <message>
        <source>Checking {0}…</source>
        <translation>{0} wird geprüft…</translation>
    </message>
    <message>
        <source>Nothing was replaced: {0}</source>
        <translation>Es wurde nichts ersetzt: {0}</translation>
    </message>
    <message>
        <source>Nothing was replaced.</source>
        <translation>Es wurde nichts ersetzt.</translation>
    </message>
    <message>
        <source>Replacing {0} with {1}…</source>
        <translation>{0} wird durch {1} ersetzt…</translation>
    </message>
    <message>
        <source>the upload was cancelled</source>
        <translation>der Upload wurde abgebrochen</translation>
    </message>
    <message>
        <source>{0} was not replaced: {1}</source>
        <translation>{0} wurde nicht ersetzt: {1}</translation>
    </message>
    <message>
        <source>Replaced {0} with {1}; its links still work.</source>
        <translation>{0} durch {1} ersetzt; seine Links funktionieren weiter.</translation>
    </message>
    <message>
        <source>Its OCR results are out of date: run OCR on it again.</source>
        <translation>Seine OCR-Ergebnisse sind veraltet: Lassen Sie OCR erneut darüber laufen.</translation>
    </message>
    <message>
        <source>Apply to the remaining conflicts of this transfer</source>
        <translation>Für die übrigen Konflikte dieser Übertragung übernehmen</translation>
    </message>
    <message>
        <source>Keep both</source>
        <translation>Beide behalten</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Überspringen</translation>
    </message>
    <message>
        <source>Replaces the object shown here only: if it changes before the upload, you are asked again.</source>
        <translation>Ersetzt nur das hier gezeigte Objekt: Ändert es sich vor dem Hochladen, werden Sie erneut gefragt.</translation>
    </message>
    <message>
        <source>{0} min</source>
        <translation>{0} Min.</translation>
    </message>
    <message>
        <source>{0} h</source>
        <translation>{0} Std.</translation>
    </message>
    <message>
        <source>{0} days</source>
        <translation>{0} Tage</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <source>Upload id</source>
        <translation>Upload-ID</translation>
    </message>
    <message>
        <source>Incomplete uploads</source>
        <translation>Unvollständige Uploads</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Abort selected…</source>
        <translation>Auswahl abbrechen…</translation>
    </message>
    <message>
        <source>Files to drag</source>
        <translation>Dateien zum Ziehen</translation>
    </message>
    <message>
        <source>Ready to drag</source>
        <translation>Bereit zum Ziehen</translation>
    </message>
    <message>
        <source>Drag the files from here to a folder or the desktop:</source>
        <translation>Ziehen Sie die Dateien von hier in einen Ordner oder auf den Schreibtisch:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>1 file</source>
        <translation>1 Datei</translation>
    </message>
    <message>
        <source>Nothing here can be dragged out.</source>
        <translation>Hiervon lässt sich nichts herausziehen.</translation>
    </message>
    <message>
        <source>{0} items</source>
        <translation>{0} Einträge</translation>
    </message>
    <message>
        <source>Listing {0}: {1} ({2}) so far…</source>
        <translation>{0} wird aufgelistet: bisher {1} ({2})…</translation>
    </message>
    <message>
        <source>Fetching {0}: {1} ({2})…</source>
        <translation>{0} wird abgerufen: {1} ({2})…</translation>
    </message>
    <message>
        <source>Preparing {0} to drag…</source>
        <translation>{0} wird zum Ziehen vorbereitet…</translation>
    </message>
    <message>
        <source>Drag</source>
        <translation>Ziehen</translation>
    </message>
    <message>
        <source>Listing {0}…</source>
        <translation>{0} wird aufgelistet…</translation>
    </message>
    <message>
        <source>{0} files are ready to drag.</source>
        <translation>{0} Dateien sind bereit zum Ziehen.</translation>
    </message>
    <message>
        <source>{0} items are ready to drag.</source>
        <translation>{0} Einträge sind bereit zum Ziehen.</translation>
    </message>
    <message>
        <source>The selection</source>
        <translation>Die Auswahl</translation>
    </message>
    <message>
        <source>{0} holds more than a drag takes ({1}, {2} counted so far; at most {3} and {4} are dragged out). Use File &gt; Download… for it.</source>
        <translation>{0} enthält mehr, als sich ziehen lässt ({1}, {2} bisher gezählt; höchstens {3} und {4} werden herausgezogen). Verwenden Sie dafür „Datei &gt; Herunterladen…“.</translation>
    </message>
    <message>
        <source>Only a drop inside the app (onto a classroom or student) takes it.</source>
        <translation>Es lässt sich nur innerhalb der App ablegen (auf einer Klasse oder einem Schüler).</translation>
    </message>
    <message>
        <source>Nothing was dropped.</source>
        <translation>Es wurde nichts abgelegt.</translation>
    </message>
    <message>
        <source>Dragged {0}</source>
        <translation>{0} gezogen</translation>
    </message>
    <message>
        <source>Dragged {0} items</source>
        <translation>{0} Einträge gezogen</translation>
    </message>
    <message>
        <source>Dragged {0} files</source>
        <translation>{0} Dateien gezogen</translation>
    </message>
    <message>
        <source>Multipart uploads that were started but never completed or aborted. Their parts take space on the server until they are aborted.</source>
        <translation>Mehrteilige Uploads, die begonnen, aber nie abgeschlossen oder abgebrochen wurden. Ihre Teile belegen Platz auf dem Server, bis sie abgebrochen werden.</translation>
    </message>
    <message>
        <source>Listing incomplete uploads…</source>
        <translation>Unvollständige Uploads werden aufgelistet…</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>{0} incomplete upload(s).</source>
        <translation>{0} unvollständige(r) Upload(s).</translation>
    </message>
    <message>
        <source>Abort uploads</source>
        <translation>Uploads abbrechen</translation>
    </message>
    <message>
        <source>Abort {0} incomplete upload(s)? Their uploaded parts are deleted; this cannot be undone.</source>
        <translation>{0} unvollständige(n) Upload(s) abbrechen? Die hochgeladenen Teile werden gelöscht; dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Aborting…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>{0}/s</source>
        <translation>{0}/s</translation>
    </message>
    <message>
        <source>1 file uploaded</source>
        <translation>1 Datei hochgeladen</translation>
    </message>
    <message>
        <source>{0} files uploaded</source>
        <translation>{0} Dateien hochgeladen</translation>
    </message>
    <message>
        <source>1 file downloaded</source>
        <translation>1 Datei heruntergeladen</translation>
    </message>
    <message>
        <source>{0} files downloaded</source>
        <translation>{0} Dateien heruntergeladen</translation>
    </message>
    <message>
        <source>{0} failed</source>
        <translation>{0} fehlgeschlagen</translation>
    </message>
    <message>
        <source>{0} skipped</source>
        <translation>{0} übersprungen</translation>
    </message>
    <message>
        <source>{0} cancelled</source>
        <translation>{0} abgebrochen</translation>
    </message>
    <message>
        <source>{0} thumbnail(s) could not be made</source>
        <translation>{0} Vorschaubild(er) konnte(n) nicht erstellt werden</translation>
    </message>
    <message>
        <source>Nothing was transferred</source>
        <translation>Es wurde nichts übertragen</translation>
    </message>
    <message>
        <source>{0} is already there (identical): not downloaded again.</source>
        <translation>{0} ist schon da (identisch): nicht noch einmal heruntergeladen.</translation>
    </message>
    <message>
        <source>{0} files already there (identical): not downloaded again.</source>
        <translation>{0} Dateien schon da (identisch): nicht noch einmal heruntergeladen.</translation>
    </message>
    <message>
        <source>1 file to download.</source>
        <translation>1 Datei herunterzuladen.</translation>
    </message>
    <message>
        <source>{0} files to download.</source>
        <translation>{0} Dateien herunterzuladen.</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Transfers: {0} active, {1} of {2} ({3} %)</source>
        <translation>Übertragungen: {0} aktiv, {1} von {2} ({3} %)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Abgeschlossene entfernen</translation>
    </message>
    <message>
        <source>Incomplete uploads…</source>
        <translation>Unvollständige Uploads…</translation>
    </message>
    <message>
        <source>Open containing folder</source>
        <translation>Enthaltenden Ordner öffnen</translation>
    </message>
    <message>
        <source>Copy error message</source>
        <translation>Fehlermeldung kopieren</translation>
    </message>
    <message>
        <source>The {0} tree is not available in this connection.</source>
        <translation>Der Baum {0} ist in dieser Verbindung nicht verfügbar.</translation>
    </message>
    <message>
        <source>s3://{0}/{1} is not part of the {2} tree.</source>
        <translation>s3://{0}/{1} gehört nicht zum Baum {2}.</translation>
    </message>
    <message>
        <source>s3://{0}/{1} was not found.</source>
        <translation>s3://{0}/{1} wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>Could not open {0}: {1}</source>
        <translation>{0} konnte nicht geöffnet werden: {1}</translation>
    </message>
    <message>
        <source>Reading the start of each recording of meeting {0}…</source>
        <translation>Der Anfang jeder Aufzeichnung von Meeting {0} wird gelesen…</translation>
    </message>
    <message>
        <source>Verify recordings</source>
        <translation>Aufzeichnungen prüfen</translation>
    </message>
    <message>
        <source>Checked {0} of {1}: {2}</source>
        <translation>{0} von {1} geprüft: {2}</translation>
    </message>
    <message>
        <source>Meeting {0} has no recordings to verify.</source>
        <translation>Meeting {0} hat keine Aufzeichnungen zum Prüfen.</translation>
    </message>
    <message>
        <source>All {0} recordings of meeting {1} start like WebM files.</source>
        <translation>Alle {0} Aufzeichnungen von Meeting {1} beginnen wie WebM-Dateien.</translation>
    </message>
    <message>
        <source>{0} of {1} recordings of meeting {2} are not WebM files: {3}.</source>
        <translation>{0} von {1} Aufzeichnungen von Meeting {2} sind keine WebM-Dateien: {3}.</translation>
    </message>
    <message>
        <source>Verifying the recordings of meeting {0} failed: {1}</source>
        <translation>Das Prüfen der Aufzeichnungen von Meeting {0} ist fehlgeschlagen: {1}</translation>
    </message>
    <message>
        <source>Verifying recordings was cancelled.</source>
        <translation>Das Prüfen der Aufzeichnungen wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Verify recordings of meeting {0}</source>
        <translation>Aufzeichnungen von Meeting {0} prüfen</translation>
    </message>
    <message>
        <source>Open OCR document</source>
        <translation>OCR-Dokument öffnen</translation>
    </message>
    <message>
        <source>No OCR document</source>
        <translation>Kein OCR-Dokument</translation>
    </message>
    <message>
        <source>Open material</source>
        <translation>Material öffnen</translation>
    </message>
    <message>
        <source>There is no OCR document for {0} in {1}.</source>
        <translation>Es gibt kein OCR-Dokument für {0} in {1}.</translation>
    </message>
    <message>
        <source>Looking for the OCR document of {0}…</source>
        <translation>Das OCR-Dokument von {0} wird gesucht…</translation>
    </message>
    <message>
        <source>No classroom in {0} holds a material {1}.</source>
        <translation>Keine Klasse in {0} enthält ein Material {1}.</translation>
    </message>
    <message>
        <source>Looking for the material {0}…</source>
        <translation>Das Material {0} wird gesucht…</translation>
    </message>
    <message>
        <source>Choose the classroom:</source>
        <translation>Wählen Sie die Klasse:</translation>
    </message>
    <message>
        <source>Choose the student:</source>
        <translation>Wählen Sie den Schüler oder die Schülerin:</translation>
    </message>
    <message>
        <source>Filter…</source>
        <translation>Filtern…</translation>
    </message>
    <message>
        <source>Filter the list</source>
        <translation>Die Liste filtern</translation>
    </message>
    <message>
        <source>Classrooms</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <source>Students</source>
        <translation>Schüler/innen</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>The selection is here already.</source>
        <translation>Die Auswahl ist bereits hier.</translation>
    </message>
    <message>
        <source>None found.</source>
        <translation>Keine gefunden.</translation>
    </message>
    <message>
        <source>The list could not be read: {0}</source>
        <translation>Die Liste konnte nicht gelesen werden: {0}</translation>
    </message>
    <message>
        <source>Classroom {0}</source>
        <translation>Klasse {0}</translation>
    </message>
    <message>
        <source>Student {0}</source>
        <translation>Schüler/in {0}</translation>
    </message>
    <message>
        <source>Meetings</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <source>Exams</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <source>OCR documents</source>
        <translation>OCR-Dokumente</translation>
    </message>
    <message>
        <source>MLflow experiments</source>
        <translation>MLflow-Experimente</translation>
    </message>
    <message>
        <source>Temporary uploads</source>
        <translation>Temporäre Uploads</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>{0} in the bucket {1}</source>
        <translation>{0} im Bucket {1}</translation>
    </message>
    <message numerus="yes">
        <source>%n entries here do not fit the storage schema; they are shown as stored.</source>
        <translation>
            <numerusform>%n Eintrag hier passt nicht zum Speicherschema; er wird so gezeigt, wie er gespeichert ist.</numerusform>
            <numerusform>%n Einträge hier passen nicht zum Speicherschema; sie werden so gezeigt, wie sie gespeichert sind.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>New name for {0}:</source>
        <translation>Neuer Name für {0}:</translation>
    </message>
    <message>
        <source>New name</source>
        <translation>Neuer Name</translation>
    </message>
    <message>
        <source>Name check</source>
        <translation>Namensprüfung</translation>
    </message>
    <message>
        <source>Stored as {0}</source>
        <translation>Gespeichert als {0}</translation>
    </message>
    <message>
        <source>This is its name now.</source>
        <translation>Das ist sein jetziger Name.</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>Umbe&amp;nennen…</translation>
    </message>
    <message>
        <source>Change the display name of a material or note</source>
        <translation>Den Anzeigenamen eines Materials oder einer Notiz ändern</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <source>Rename… ({0})</source>
        <translation>Umbenennen… ({0})</translation>
    </message>
    <message>
        <source>A rename is still running.</source>
        <translation>Ein Umbenennen läuft noch.</translation>
    </message>
    <message>
        <source>{0} cannot be renamed: {1}</source>
        <translation>{0} kann nicht umbenannt werden: {1}</translation>
    </message>
    <message>
        <source>Nothing was renamed.</source>
        <translation>Es wurde nichts umbenannt.</translation>
    </message>
    <message>
        <source>Renaming {0}…</source>
        <translation>{0} wird umbenannt…</translation>
    </message>
    <message>
        <source>Renamed {0} to {1}.</source>
        <translation>{0} in {1} umbenannt.</translation>
    </message>
    <message>
        <source>{0} changed since it was shown (replaced or renamed by someone else); nothing was renamed. Its folder was listed again: look at it and rename it then.</source>
        <translation>{0} hat sich geändert, seit es angezeigt wurde (von jemand anderem ersetzt oder umbenannt); es wurde nichts umbenannt. Sein Ordner wurde neu aufgelistet: Sehen Sie ihn sich an und benennen Sie dann um.</translation>
    </message>
    <message>
        <source>Nothing was renamed: {0}</source>
        <translation>Es wurde nichts umbenannt: {0}</translation>
    </message>
    <message>
        <source>Document id: {0}</source>
        <translation>Dokument-ID: {0}</translation>
    </message>
    <message>
        <source>OCR document: {0}</source>
        <translation>OCR-Dokument: {0}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>The consistency check of this level could not finish: {0}</source>
        <translation>Die Konsistenzprüfung dieser Ebene konnte nicht abgeschlossen werden: {0}</translation>
    </message>
    <message>
        <source>Not checked for consistency: more than {0} objects to compare.</source>
        <translation>Nicht auf Konsistenz geprüft: mehr als {0} Objekte zu vergleichen.</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>kritisch</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>note</source>
        <translation>Hinweis</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) found</source>
        <translation>
            <numerusform>%n Problem gefunden</numerusform>
            <numerusform>%n Probleme gefunden</numerusform>
        </translation>
    </message>
    <message>
        <source>Not part of the storage schema; shown as stored.</source>
        <translation>Nicht Teil des Speicherschemas; so gezeigt, wie gespeichert.</translation>
    </message>
    <message>
        <source>Loading failed: {0} (double-click or use Refresh to retry)</source>
        <translation>Laden fehlgeschlagen: {0} (Doppelklick oder Aktualisieren zum Wiederholen)</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>Size unknown: the server&apos;s listing gave no readable size for this object.</source>
        <translation>Größe unbekannt: Die Auflistung des Servers enthielt keine lesbare Größe für dieses Objekt.</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Matching text</source>
        <translation>Passender Text</translation>
    </message>
    <message>
        <source>{0} files</source>
        <translation>{0} Dateien</translation>
    </message>
    <message>
        <source>Fetching {0} ({1})…</source>
        <translation>{0} wird abgerufen ({1})…</translation>
    </message>
    <message>
        <source>{0} could not be fetched: {1}</source>
        <translation>{0} konnte nicht abgerufen werden: {1}</translation>
    </message>
    <message>
        <source>The files</source>
        <translation>Die Dateien</translation>
    </message>
    <message>
        <source>Cancelled: nothing was opened or dragged.</source>
        <translation>Abgebrochen: Es wurde nichts geöffnet oder gezogen.</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Open {0} files</source>
        <translation>{0} Dateien öffnen</translation>
    </message>
    <message>
        <source>{0} files are selected; open at most {1} at once, or download them.</source>
        <translation>{0} Dateien sind ausgewählt; öffnen Sie höchstens {1} auf einmal oder laden Sie sie herunter.</translation>
    </message>
    <message>
        <source>Still fetching the files opened before…</source>
        <translation>Die zuvor geöffneten Dateien werden noch abgerufen…</translation>
    </message>
    <message>
        <source>Opening {0}…</source>
        <translation>{0} wird geöffnet…</translation>
    </message>
    <message>
        <source>No application could open {0}. Its copy is {1}</source>
        <translation>Keine Anwendung konnte {0} öffnen. Die Kopie liegt unter {1}</translation>
    </message>
    <message>
        <source>Opened {0}</source>
        <translation>{0} geöffnet</translation>
    </message>
    <message>
        <source>Opened {0} files</source>
        <translation>{0} Dateien geöffnet</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Finding what to copy…</source>
        <translation>Was zu kopieren ist, wird ermittelt…</translation>
    </message>
    <message>
        <source>Nothing was copied or moved.</source>
        <translation>Es wurde nichts kopiert oder verschoben.</translation>
    </message>
    <message>
        <source>Nothing was copied or moved: {0}</source>
        <translation>Es wurde nichts kopiert oder verschoben: {0}</translation>
    </message>
    <message>
        <source>Finding what to copy… {0} documents</source>
        <translation>Was zu kopieren ist, wird ermittelt… {0} Dokumente</translation>
    </message>
    <message>
        <source>{0}: {1} exists already and was kept</source>
        <translation>{0}: {1} existiert bereits und wurde behalten</translation>
    </message>
    <message>
        <source>Nothing to {0} to {1}.</source>
        <translation>Nach {1} gibt es nichts zu {0}.</translation>
    </message>
    <message>
        <source>{0} in all.</source>
        <translation>Insgesamt {0}.</translation>
    </message>
    <message>
        <source>{0} documents</source>
        <translation>{0} Dokumente</translation>
    </message>
    <message>
        <source>“{0}”</source>
        <translation>„{0}“</translation>
    </message>
    <message>
        <source>{0} with 1 thumbnail</source>
        <translation>{0} mit 1 Vorschaubild</translation>
    </message>
    <message>
        <source>{0} with {1} thumbnails</source>
        <translation>{0} mit {1} Vorschaubildern</translation>
    </message>
    <message>
        <source>Move {0} to {1}?</source>
        <translation>{0} nach {1} verschieben?</translation>
    </message>
    <message>
        <source>Copy {0} to {1}?</source>
        <translation>{0} nach {1} kopieren?</translation>
    </message>
    <message>
        <source>{0} classrooms</source>
        <translation>{0} Klassen</translation>
    </message>
    <message>
        <source>{0} students</source>
        <translation>{0} Schüler/innen</translation>
    </message>
    <message>
        <source>Move {0} from {1} to {2}?</source>
        <translation>{0} von {1} nach {2} verschieben?</translation>
    </message>
    <message>
        <source>Copy {0} from {1} to {2}?</source>
        <translation>{0} von {1} nach {2} kopieren?</translation>
    </message>
    <message>
        <source>Moved documents stay the same documents, so their OCR results stay valid. Each is removed from where it is only after its copy is in place and checked.</source>
        <translation>Verschobene Dokumente bleiben dieselben Dokumente, ihre OCR-Ergebnisse bleiben also gültig. Jedes wird an seinem Ort erst entfernt, wenn seine Kopie am Ziel liegt und geprüft ist.</translation>
    </message>
    <message>
        <source>{0} selected items cannot go there and are left as they are.</source>
        <translation>{0} ausgewählte Einträge können nicht dorthin und bleiben, wie sie sind.</translation>
    </message>
    <message>
        <source>{0} documents are there already: they are kept and not copied.</source>
        <translation>{0} Dokumente sind bereits dort: Sie werden behalten und nicht kopiert.</translation>
    </message>
    <message>
        <source>{0}: {1} exists already</source>
        <translation>{0}: {1} existiert bereits</translation>
    </message>
    <message>
        <source>Documents to copy or move</source>
        <translation>Zu kopierende oder zu verschiebende Dokumente</translation>
    </message>
    <message>
        <source>{0} of {1}: {2}</source>
        <translation>{0} von {1}: {2}</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>Moving</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>Copying</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>{0} {1} documents to {2}…</source>
        <translation>{0} von {1} Dokumenten nach {2}…</translation>
    </message>
    <message>
        <source>Moved {0} documents ({1}) to {2}.</source>
        <translation>{0} Dokumente ({1}) nach {2} verschoben.</translation>
    </message>
    <message>
        <source>Copied {0} documents ({1}) to {2}.</source>
        <translation>{0} Dokumente ({1}) nach {2} kopiert.</translation>
    </message>
    <message>
        <source>Cancelled: {0} documents were left as they are.</source>
        <translation>Abgebrochen: {0} Dokumente blieben, wie sie sind.</translation>
    </message>
    <message>
        <source>Kept where they are (nothing of them was changed): {0}</source>
        <translation>Am Ort belassen (nichts an ihnen wurde geändert): {0}</translation>
    </message>
    <message>
        <source>Copied, but the original was kept too: {0}</source>
        <translation>Kopiert, aber auch das Original wurde behalten: {0}</translation>
    </message>
    <message>
        <source>Copies that could not be removed again after a failure: {0}</source>
        <translation>Kopien, die nach einem Fehler nicht wieder entfernt werden konnten: {0}</translation>
    </message>
    <message>
        <source>Stopped: {0}; {1} documents were not attempted.</source>
        <translation>Angehalten: {0}; {1} Dokumente wurden nicht versucht.</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>Aus&amp;schneiden</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Einfügen</translation>
    </message>
    <message>
        <source>Copy to…</source>
        <translation>Kopieren nach…</translation>
    </message>
    <message>
        <source>Move to…</source>
        <translation>Verschieben nach…</translation>
    </message>
    <message>
        <source>Select materials (or a classroom&apos;s folders) or student notes: they can be copied and moved, one kind at a time.</source>
        <translation>Wählen Sie Materialien (oder die Ordner einer Klasse) oder Schülernotizen: Sie lassen sich kopieren und verschieben, jeweils eine Art auf einmal.</translation>
    </message>
    <message>
        <source>{0} items cut: paste them onto a classroom or student (Ctrl+V) to move them.</source>
        <translation>{0} Einträge ausgeschnitten: Fügen Sie sie in eine Klasse oder bei einem Schüler ein (Strg+V), um sie zu verschieben.</translation>
    </message>
    <message>
        <source>{0} items copied: paste them onto a classroom or student (Ctrl+V).</source>
        <translation>{0} Einträge kopiert: Fügen Sie sie in eine Klasse oder bei einem Schüler ein (Strg+V).</translation>
    </message>
    <message>
        <source>These objects were cut or copied on another connection ({0}); paste them in a window connected there. Nothing was copied or moved.</source>
        <translation>Diese Objekte wurden in einer anderen Verbindung ({0}) ausgeschnitten oder kopiert; fügen Sie sie in einem Fenster ein, das dorthin verbunden ist. Nichts wurde kopiert oder verschoben.</translation>
    </message>
    <message>
        <source>Nothing to paste: cut or copy materials or notes first.</source>
        <translation>Nichts einzufügen: Schneiden Sie zuerst Materialien oder Notizen aus oder kopieren Sie sie.</translation>
    </message>
    <message>
        <source>Paste onto a classroom or a student.</source>
        <translation>In eine Klasse oder bei einem Schüler einfügen.</translation>
    </message>
    <message>
        <source>A copy or move is still running.</source>
        <translation>Ein Kopier- oder Verschiebevorgang läuft noch.</translation>
    </message>
    <message>
        <source>Cut</source>
        <translation>Ausschneiden</translation>
    </message>
    <message>
        <source>Paste {0} items into {1}</source>
        <translation>{0} Einträge in {1} einfügen</translation>
    </message>
    <message>
        <source>Move {0} cut items into {1}</source>
        <translation>{0} ausgeschnittene Einträge nach {1} verschieben</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Teilen</translation>
    </message>
    <message>
        <source>Share links</source>
        <translation>Links teilen</translation>
    </message>
    <message>
        <source>Link lifetime</source>
        <translation>Gültigkeit des Links</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 Minuten</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 Tag</translation>
    </message>
    <message>
        <source>7 days (maximum)</source>
        <translation>7 Tage (Maximum)</translation>
    </message>
    <message>
        <source>Share status</source>
        <translation>Freigabestatus</translation>
    </message>
    <message>
        <source>Making links</source>
        <translation>Links werden erstellt</translation>
    </message>
    <message>
        <source>Cancel making links</source>
        <translation>Erstellen der Links abbrechen</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>Links</translation>
    </message>
    <message>
        <source>Copy links</source>
        <translation>Links kopieren</translation>
    </message>
    <message>
        <source>Copy links to the clipboard</source>
        <translation>Links in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Save as CSV…</source>
        <translation>Als CSV speichern…</translation>
    </message>
    <message>
        <source>Save links as CSV</source>
        <translation>Links als CSV speichern</translation>
    </message>
    <message>
        <source>Links valid for</source>
        <translation>Links gültig für</translation>
    </message>
    <message>
        <source>Listing what is shared…</source>
        <translation>Was geteilt wird, wird aufgelistet…</translation>
    </message>
    <message>
        <source>Listing what is shared… {0} objects</source>
        <translation>Was geteilt wird, wird aufgelistet… {0} Objekte</translation>
    </message>
    <message>
        <source>Shortened to the end of your sign-in session: a link signed with temporary keys stops working when they expire.</source>
        <translation>Auf das Ende Ihrer Anmeldesitzung gekürzt: Ein mit temporären Schlüsseln signierter Link funktioniert nicht mehr, wenn sie ablaufen.</translation>
    </message>
    <message>
        <source>No links were made: {0}</source>
        <translation>Es wurden keine Links erstellt: {0}</translation>
    </message>
    <message>
        <source>Cancelled: no links were made.</source>
        <translation>Abgebrochen: Es wurden keine Links erstellt.</translation>
    </message>
    <message>
        <source>(links valid until {0})</source>
        <translation>(Links gültig bis {0})</translation>
    </message>
    <message>
        <source>Nothing to share: the selected folders are empty.</source>
        <translation>Nichts zu teilen: Die ausgewählten Ordner sind leer.</translation>
    </message>
    <message>
        <source>{0} links.</source>
        <translation>{0} Links.</translation>
    </message>
    <message>
        <source>1 link.</source>
        <translation>1 Link.</translation>
    </message>
    <message>
        <source>Links valid until {0}.</source>
        <translation>Links gültig bis {0}.</translation>
    </message>
    <message>
        <source>{0} public links (anyone can open them): they do not expire, they work as long as the bucket policy allows anonymous reads.</source>
        <translation>{0} öffentliche Links (jeder kann sie öffnen): Sie laufen nicht ab und funktionieren, solange die Bucket-Richtlinie anonymes Lesen erlaubt.</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>In die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>The CSV file was not saved: {0}</source>
        <translation>Die CSV-Datei wurde nicht gespeichert: {0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>{0} gespeichert</translation>
    </message>
    <message>
        <source>Share &amp;links…</source>
        <translation>Links &amp;teilen…</translation>
    </message>
    <message>
        <source>Share…</source>
        <translation>Teilen…</translation>
    </message>
    <message>
        <source>Select objects or folders to share.</source>
        <translation>Wählen Sie Objekte oder Ordner zum Teilen.</translation>
    </message>
    <message>
        <source>Links to the materials of {0}</source>
        <translation>Links zu den Materialien von {0}</translation>
    </message>
    <message>
        <source>Links to everything in {0}</source>
        <translation>Links zu allem in {0}</translation>
    </message>
    <message>
        <source>A link to {0}</source>
        <translation>Ein Link zu {0}</translation>
    </message>
    <message>
        <source>Links to the {0} selected items</source>
        <translation>Links zu den {0} ausgewählten Einträgen</translation>
    </message>
    <message>
        <source>chunks are named by number</source>
        <translation>Teile sind nach Nummer benannt</translation>
    </message>
    <message>
        <source>Recording chunks are named by their number (chunk_N.webm): the platform joins them in that order, so a chunk cannot be renamed.</source>
        <translation>Aufzeichnungsteile sind nach ihrer Nummer benannt (chunk_N.webm): Die Plattform fügt sie in dieser Reihenfolge zusammen, daher kann ein Teil nicht umbenannt werden.</translation>
    </message>
    <message>
        <source>named by the platform</source>
        <translation>von der Plattform benannt</translation>
    </message>
    <message>
        <source>A meeting&apos;s raw recording has the fixed name recording.webm; the platform finds it by it, so it cannot be renamed.</source>
        <translation>Die Rohaufzeichnung eines Meetings hat den festen Namen recording.webm; die Plattform findet sie daran, daher kann sie nicht umbenannt werden.</translation>
    </message>
    <message>
        <source>A meeting&apos;s processed audio has the fixed name audio.mp3; the platform finds it by it, so it cannot be renamed.</source>
        <translation>Das verarbeitete Audio eines Meetings hat den festen Namen audio.mp3; die Plattform findet es daran, daher kann es nicht umbenannt werden.</translation>
    </message>
    <message>
        <source>An exam recording has the fixed name proctor_recording.webm; the platform finds it by it, so it cannot be renamed.</source>
        <translation>Eine Prüfungsaufzeichnung hat den festen Namen proctor_recording.webm; die Plattform findet sie daran, daher kann sie nicht umbenannt werden.</translation>
    </message>
    <message>
        <source>named after its material</source>
        <translation>nach seinem Material benannt</translation>
    </message>
    <message>
        <source>A thumbnail is named after its material&apos;s document id, so it cannot be renamed; rename the material instead.</source>
        <translation>Ein Vorschaubild ist nach der Dokument-ID seines Materials benannt und kann daher nicht umbenannt werden; benennen Sie stattdessen das Material um.</translation>
    </message>
    <message>
        <source>OCR pages are named by id and page</source>
        <translation>OCR-Seiten sind nach ID und Seite benannt</translation>
    </message>
    <message>
        <source>OCR page images are named by their document id and page number; the platform finds them by those, so they cannot be renamed.</source>
        <translation>OCR-Seitenbilder sind nach ihrer Dokument-ID und Seitennummer benannt; die Plattform findet sie daran, daher können sie nicht umbenannt werden.</translation>
    </message>
    <message>
        <source>OCR page texts are named by their document id and page number; the platform finds them by those, so they cannot be renamed.</source>
        <translation>OCR-Seitentexte sind nach ihrer Dokument-ID und Seitennummer benannt; die Plattform findet sie daran, daher können sie nicht umbenannt werden.</translation>
    </message>
    <message>
        <source>An OCR quality report has the fixed name report.json; the platform finds it by it, so it cannot be renamed.</source>
        <translation>Ein OCR-Qualitätsbericht hat den festen Namen report.json; die Plattform findet ihn daran, daher kann er nicht umbenannt werden.</translation>
    </message>
    <message>
        <source>MLflow files are named by run</source>
        <translation>MLflow-Dateien sind nach Lauf benannt</translation>
    </message>
    <message>
        <source>MLflow model files are named by their experiment and run ids; MLflow finds them by those, so they cannot be renamed.</source>
        <translation>MLflow-Modelldateien sind nach ihren Experiment- und Lauf-IDs benannt; MLflow findet sie daran, daher können sie nicht umbenannt werden.</translation>
    </message>
    <message>
        <source>MLflow artifacts are named by their experiment and run ids; MLflow finds them by those, so they cannot be renamed.</source>
        <translation>MLflow-Artefakte sind nach ihren Experiment- und Lauf-IDs benannt; MLflow findet sie daran, daher können sie nicht umbenannt werden.</translation>
    </message>
    <message>
        <source>temporary upload</source>
        <translation>temporärer Upload</translation>
    </message>
    <message>
        <source>Temporary uploads are named by their upload id; they cannot be renamed.</source>
        <translation>Temporäre Uploads sind nach ihrer Upload-ID benannt; sie können nicht umbenannt werden.</translation>
    </message>
    <message>
        <source>folders cannot be renamed</source>
        <translation>Ordner können nicht umbenannt werden</translation>
    </message>
    <message>
        <source>A folder is a part of the keys of the objects in it (here the id of a classroom, a student, a meeting or a run): renaming it would move every object, so it cannot be renamed.</source>
        <translation>Ein Ordner ist Teil der Schlüssel der Objekte darin (hier die ID einer Klasse, eines Schülers, eines Meetings oder eines Laufs): Ihn umzubenennen würde jedes Objekt verschieben, daher kann er nicht umbenannt werden.</translation>
    </message>
    <message>
        <source>named by its ids</source>
        <translation>nach seinen IDs benannt</translation>
    </message>
    <message>
        <source>{0} objects are named by the ids in their key; the platform finds them by it, so they cannot be renamed.</source>
        <translation>Objekte der Art „{0}“ sind nach den IDs in ihrem Schlüssel benannt; die Plattform findet sie daran, daher können sie nicht umbenannt werden.</translation>
    </message>
    <message>
        <source>no display name</source>
        <translation>kein Anzeigename</translation>
    </message>
    <message>
        <source>Only materials and student notes have a display name to change; this object&apos;s name is its key, and a new key would be a move, not a rename.</source>
        <translation>Nur Materialien und Schülernotizen haben einen änderbaren Anzeigenamen; der Name dieses Objekts ist sein Schlüssel, und ein neuer Schlüssel wäre ein Verschieben, kein Umbenennen.</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>Undelete</source>
        <translation>Zurückholen</translation>
    </message>
    <message>
        <source>Downloads are not available: no connection is open.</source>
        <translation>Herunterladen ist nicht möglich: Es ist keine Verbindung offen.</translation>
    </message>
    <message>
        <source>Downloading the chosen version as {0}</source>
        <translation>Die gewählte Version wird als {0} heruntergeladen</translation>
    </message>
    <message>
        <source>The version was not downloaded: {0}</source>
        <translation>Die Version wurde nicht heruntergeladen: {0}</translation>
    </message>
    <message>
        <source>Deleted. Undelete (context menu or the Versions tab) brings back its newest version.</source>
        <translation>Gelöscht. „Zurückholen“ (Kontextmenü oder Reiter Versionen) bringt seine neueste Version zurück.</translation>
    </message>
    <message>
        <source>Deleted; no version with content is left.</source>
        <translation>Gelöscht; es ist keine Version mit Inhalt übrig.</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Gelöscht</translation>
    </message>
    <message>
        <source>Show &amp;deleted objects</source>
        <translation>Gelöschte &amp;Objekte anzeigen</translation>
    </message>
    <message>
        <source>List the deleted objects of a folder too (on a bucket that keeps versions)</source>
        <translation>Auch die gelöschten Objekte eines Ordners auflisten (in einem Bucket, der Versionen aufbewahrt)</translation>
    </message>
    <message>
        <source>Deleted objects are listed in the folders of a bucket.</source>
        <translation>Gelöschte Objekte werden in den Ordnern eines Buckets aufgelistet.</translation>
    </message>
    <message>
        <source>Deleted objects in {0}: {1}</source>
        <translation>Gelöschte Objekte in {0}: {1}</translation>
    </message>
    <message>
        <source>No deleted objects in {0}.</source>
        <translation>Keine gelöschten Objekte in {0}.</translation>
    </message>
    <message>
        <source>The deleted objects of {0} cannot be listed: {1}</source>
        <translation>Die gelöschten Objekte von {0} lassen sich nicht auflisten: {1}</translation>
    </message>
    <message>
        <source>Bringing back {0}…</source>
        <translation>{0} wird zurückgeholt…</translation>
    </message>
    <message>
        <source>{0} is back (its version of {1}); every version is kept.</source>
        <translation>{0} ist zurück (seine Version vom {1}); jede Version bleibt erhalten.</translation>
    </message>
    <message>
        <source>{0} was not brought back: {1}</source>
        <translation>{0} wurde nicht zurückgeholt: {1}</translation>
    </message>
    <message>
        <source>Delete these {0} versions of {1} permanently?</source>
        <translation>Diese {0} Versionen von {1} endgültig löschen?</translation>
    </message>
    <message>
        <source>Delete this version of {0} permanently?</source>
        <translation>Diese Version von {0} endgültig löschen?</translation>
    </message>
    <message>
        <source>Versions of the selected object</source>
        <translation>Versionen des gewählten Objekts</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Erstellt von</translation>
    </message>
    <message>
        <source>Version id</source>
        <translation>Versions-ID</translation>
    </message>
    <message>
        <source>Bring the deleted object back (its newest version)</source>
        <translation>Das gelöschte Objekt zurückholen (seine neueste Version)</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Preview the chosen version</source>
        <translation>Vorschau der gewählten Version</translation>
    </message>
    <message>
        <source>Download the chosen version</source>
        <translation>Die gewählte Version herunterladen</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Make the chosen version the latest (no version is removed)</source>
        <translation>Die gewählte Version zur neuesten machen (keine Version wird entfernt)</translation>
    </message>
    <message>
        <source>Delete permanently…</source>
        <translation>Endgültig löschen…</translation>
    </message>
    <message>
        <source>Remove the chosen versions for good</source>
        <translation>Die gewählten Versionen endgültig entfernen</translation>
    </message>
    <message>
        <source>List the versions again</source>
        <translation>Die Versionen erneut auflisten</translation>
    </message>
    <message>
        <source>Select an object to see its versions.</source>
        <translation>Wählen Sie ein Objekt, um seine Versionen zu sehen.</translation>
    </message>
    <message>
        <source>Listing the versions of {0}…</source>
        <translation>Die Versionen von {0} werden aufgelistet…</translation>
    </message>
    <message>
        <source>the deletion</source>
        <translation>die Löschung</translation>
    </message>
    <message>
        <source>(latest)</source>
        <translation>(neueste)</translation>
    </message>
    <message>
        <source>{0} has no versions: it does not exist.</source>
        <translation>{0} hat keine Versionen: Es existiert nicht.</translation>
    </message>
    <message>
        <source>{0} is deleted. Undelete brings back its newest version; or choose an older one and Restore.</source>
        <translation>{0} ist gelöscht. „Zurückholen“ bringt seine neueste Version zurück; oder wählen Sie eine ältere und „Wiederherstellen“.</translation>
    </message>
    <message>
        <source>Versioning is off for this bucket: only the current version is kept, and a delete is final.</source>
        <translation>Die Versionierung ist für diesen Bucket aus: Nur die aktuelle Version wird aufbewahrt, und Löschen ist endgültig.</translation>
    </message>
    <message>
        <source>Versioning is not on for this bucket now: the versions below are kept, new changes are not.</source>
        <translation>Die Versionierung ist für diesen Bucket jetzt nicht an: Die Versionen unten bleiben erhalten, neue Änderungen nicht.</translation>
    </message>
    <message>
        <source>{0} versions. Restore copies a version on top: it becomes the latest and every version stays.</source>
        <translation>{0} Versionen. „Wiederherstellen“ kopiert eine Version obenauf: Sie wird die neueste, und jede Version bleibt erhalten.</translation>
    </message>
    <message>
        <source>Delete permanently</source>
        <translation>Endgültig löschen</translation>
    </message>
    <message>
        <source>These versions are removed for good: this cannot be undone. The other versions are kept.</source>
        <translation>Diese Versionen werden endgültig entfernt: Dies kann nicht rückgängig gemacht werden. Die anderen Versionen bleiben erhalten.</translation>
    </message>
    <message>
        <source>That version is the latest already; nothing was changed.</source>
        <translation>Diese Version ist schon die neueste; nichts wurde geändert.</translation>
    </message>
    <message>
        <source>{0} is back: the version of {1} is the latest again.</source>
        <translation>{0} ist zurück: Die Version vom {1} ist wieder die neueste.</translation>
    </message>
    <message>
        <source>The version of {0} is the latest again; every version is kept.</source>
        <translation>Die Version vom {0} ist wieder die neueste; jede Version bleibt erhalten.</translation>
    </message>
    <message>
        <source>{0} versions were not deleted; {1}: {2}</source>
        <translation>{0} Versionen wurden nicht gelöscht; {1}: {2}</translation>
    </message>
    <message>
        <source>The chosen versions were deleted permanently.</source>
        <translation>Die gewählten Versionen wurden endgültig gelöscht.</translation>
    </message>
    <message>
        <source>{0} failed: {1}</source>
        <translation>{0} fehlgeschlagen: {1}</translation>
    </message>
    <message>
        <source>Listing the versions</source>
        <translation>Auflisten der Versionen</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Deleting permanently</source>
        <translation>Endgültiges Löschen</translation>
    </message>
    <message>
        <source>This version is {0}, more than the {1} a preview may read. Download it to open it.</source>
        <translation>Diese Version ist {0} groß, mehr als die {1}, die eine Vorschau lesen darf. Laden Sie sie herunter, um sie zu öffnen.</translation>
    </message>
    <message>
        <source>{0} — version of {1}</source>
        <translation>{0} — Version vom {1}</translation>
    </message>
    <message>
        <source>Version preview</source>
        <translation>Versionsvorschau</translation>
    </message>
    <message>
        <source>{0}
Version {1}, {2}</source>
        <translation>{0}
Version {1}, {2}</translation>
    </message>
    <message>
        <source>Cannot show the PDF: it could not be opened.</source>
        <translation>Das PDF kann nicht angezeigt werden: Es ließ sich nicht öffnen.</translation>
    </message>
    <message>
        <source>There is no preview for this kind of object. Download the version to open it.</source>
        <translation>Für diese Art von Objekt gibt es keine Vorschau. Laden Sie die Version herunter, um sie zu öffnen.</translation>
    </message>
    <message>
        <source>Sign-in session</source>
        <translation>Anmeldesitzung</translation>
    </message>
    <message>
        <source>Sign &amp;in again…</source>
        <translation>E&amp;rneut anmelden…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Ab&amp;melden</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Abgemeldet</translation>
    </message>
    <message>
        <source>Sign-in of {0} expired</source>
        <translation>Anmeldung von {0} abgelaufen</translation>
    </message>
    <message>
        <source>Your sign-in has ended. Transfers wait, paused, until you sign in again.</source>
        <translation>Ihre Anmeldung ist abgelaufen. Übertragungen warten angehalten, bis Sie sich erneut anmelden.</translation>
    </message>
    <message>
        <source>Your sign-in has expired and could not be renewed ({0}). Transfers wait, paused, until you sign in again.</source>
        <translation>Ihre Anmeldung ist abgelaufen und konnte nicht erneuert werden ({0}). Übertragungen warten angehalten, bis Sie sich erneut anmelden.</translation>
    </message>
    <message>
        <source>Signed in as {0} until {1}</source>
        <translation>Angemeldet als {0} bis {1}</translation>
    </message>
    <message>
        <source>You will be asked for your password before then.</source>
        <translation>Vorher werden Sie nach Ihrem Passwort gefragt.</translation>
    </message>
    <message>
        <source>The keys renew themselves before then.</source>
        <translation>Die Schlüssel erneuern sich vorher von selbst.</translation>
    </message>
    <message>
        <source>Renewing the keys failed ({0}); they work until {1}.</source>
        <translation>Das Erneuern der Schlüssel ist fehlgeschlagen ({0}); sie gelten bis {1}.</translation>
    </message>
    <message>
        <source>Your sign-in as {0} ends at {1}. Enter your password again to go on; transfers keep running.</source>
        <translation>Ihre Anmeldung als {0} endet um {1}. Geben Sie Ihr Passwort erneut ein, um weiterzuarbeiten; Übertragungen laufen weiter.</translation>
    </message>
    <message>
        <source>Signed in again as {0}; {1} waiting transfer(s) resumed.</source>
        <translation>Erneut angemeldet als {0}; {1} wartende Übertragung(en) fortgesetzt.</translation>
    </message>
    <message>
        <source>Signed out of {0}.</source>
        <translation>Von {0} abgemeldet.</translation>
    </message>
    <message>
        <source>Signed out, but the kept sign-in could not be removed from the keyring: {0}</source>
        <translation>Abgemeldet, aber die gespeicherte Anmeldung konnte nicht aus dem Schlüsselbund entfernt werden: {0}</translation>
    </message>
    <message>
        <source>Signed out of {0}; the kept sign-in was removed from the keyring.</source>
        <translation>Von {0} abgemeldet; die gespeicherte Anmeldung wurde aus dem Schlüsselbund entfernt.</translation>
    </message>
    <message>
        <source>Sign in to {0}</source>
        <translation>Bei {0} anmelden</translation>
    </message>
    <message>
        <source>Signing in</source>
        <translation>Anmeldung</translation>
    </message>
    <message>
        <source>Opening the sign-in page of {0} in your web browser…</source>
        <translation>Die Anmeldeseite von {0} wird in Ihrem Webbrowser geöffnet…</translation>
    </message>
    <message>
        <source>Sign-in address</source>
        <translation>Anmeldeadresse</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>Adresse kopieren</translation>
    </message>
    <message>
        <source>Copy the sign-in address</source>
        <translation>Die Anmeldeadresse kopieren</translation>
    </message>
    <message>
        <source>Cancel the sign-in</source>
        <translation>Die Anmeldung abbrechen</translation>
    </message>
    <message>
        <source>Sign in in your web browser, then come back here. If no page opened, open this address yourself:</source>
        <translation>Melden Sie sich in Ihrem Webbrowser an und kehren Sie dann hierher zurück. Wenn sich keine Seite geöffnet hat, öffnen Sie diese Adresse selbst:</translation>
    </message>
    <message>
        <source>No web browser could be opened. Open this address in a browser on this computer to sign in:</source>
        <translation>Es konnte kein Webbrowser geöffnet werden. Öffnen Sie diese Adresse in einem Browser auf diesem Computer, um sich anzumelden:</translation>
    </message>
    <message>
        <source>Directory sign-in</source>
        <translation>Anmeldung mit Verzeichniskonto</translation>
    </message>
    <message>
        <source>Password of {0} in the school directory:</source>
        <translation>Passwort von {0} im Schulverzeichnis:</translation>
    </message>
    <message>
        <source>Directory password</source>
        <translation>Verzeichnispasswort</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Sign in with this password</source>
        <translation>Mit diesem Passwort anmelden</translation>
    </message>
    <message>
        <source>The profile {0} cannot be used: {1}</source>
        <translation>Das Profil {0} kann nicht verwendet werden: {1}</translation>
    </message>
    <message>
        <source>Signing in to {0}…</source>
        <translation>Anmeldung bei {0}…</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>Signing in to {0} failed: {1}</source>
        <translation>Die Anmeldung bei {0} ist fehlgeschlagen: {1}</translation>
    </message>
    <message>
        <source>&amp;Go to</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;Next pane</source>
        <translation>&amp;Nächster Bereich</translation>
    </message>
    <message>
        <source>&amp;Previous pane</source>
        <translation>&amp;Vorheriger Bereich</translation>
    </message>
    <message>
        <source>&amp;Sections</source>
        <translation>&amp;Bereiche</translation>
    </message>
    <message>
        <source>Na&amp;vigator</source>
        <translation>Navi&amp;gator</translation>
    </message>
    <message>
        <source>&amp;Contents</source>
        <translation>&amp;Inhalt</translation>
    </message>
    <message>
        <source>P&amp;review</source>
        <translation>V&amp;orschau</translation>
    </message>
    <message>
        <source>Context &amp;menu of the current row</source>
        <translation>Kontext&amp;menü der aktuellen Zeile</translation>
    </message>
    <message>
        <source>Play&amp;back</source>
        <translation>&amp;Wiedergabe</translation>
    </message>
    <message>
        <source>&amp;Play / pause recording</source>
        <translation>Aufnahme &amp;abspielen / anhalten</translation>
    </message>
    <message>
        <source>&amp;Stop recording</source>
        <translation>Aufnahme &amp;stoppen</translation>
    </message>
    <message>
        <source>Lists and trees</source>
        <translation>Listen und Bäume</translation>
    </message>
    <message>
        <source>Other windows</source>
        <translation>Andere Fenster</translation>
    </message>
    <message>
        <source>Main window</source>
        <translation>Hauptfenster</translation>
    </message>
    <message>
        <source>Menus</source>
        <translation>Menüs</translation>
    </message>
    <message>
        <source>Open the {0} menu</source>
        <translation>Menü „{0}“ öffnen</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Design</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>&amp;High contrast</source>
        <translation>Hoher &amp;Kontrast</translation>
    </message>
    <message>
        <source>the window was connected to another server meanwhile</source>
        <translation>das Fenster wurde inzwischen mit einem anderen Server verbunden</translation>
    </message>
    <message>
        <source>{0} B</source>
        <comment>bytes</comment>
        <translation>{0} B</translation>
    </message>
    <message numerus="yes">
        <source>%n d</source>
        <comment>time ago</comment>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d</source>
        <comment>age</comment>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <comment>time ago</comment>
        <translation>
            <numerusform>%n Stunde</numerusform>
            <numerusform>%n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <comment>age</comment>
        <translation>
            <numerusform>%n Stunde</numerusform>
            <numerusform>%n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <comment>time ago</comment>
        <translation>
            <numerusform>%n Minute</numerusform>
            <numerusform>%n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <comment>age</comment>
        <translation>
            <numerusform>%n Minute</numerusform>
            <numerusform>%n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <comment>time ago</comment>
        <translation>
            <numerusform>%n Sekunde</numerusform>
            <numerusform>%n Sekunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <comment>age</comment>
        <translation>
            <numerusform>%n Sekunde</numerusform>
            <numerusform>%n Sekunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln warning</source>
        <comment>severity count</comment>
        <translation>
            <numerusform>%Ln Warnung</numerusform>
            <numerusform>%Ln Warnungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln warnings</source>
        <comment>severity count</comment>
        <translation>
            <numerusform>%Ln Warnung</numerusform>
            <numerusform>%Ln Warnungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln critical</source>
        <comment>severity count</comment>
        <translation>
            <numerusform>%Ln kritisch</numerusform>
            <numerusform>%Ln kritisch</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln info</source>
        <comment>severity count</comment>
        <translation>
            <numerusform>%Ln Hinweis</numerusform>
            <numerusform>%Ln Hinweise</numerusform>
        </translation>
    </message>
    <message>
        <source>{0}%</source>
        <comment>percentage</comment>
        <translation>{0} %</translation>
    </message>
    <message>
        <source>This access key may not list all buckets; the profile&apos;s buckets were checked one by one.</source>
        <translation>Dieser Zugriffsschlüssel darf nicht alle Buckets auflisten; die Buckets des Profils wurden einzeln geprüft.</translation>
    </message>
    <message>
        <source>You may not list {0}.</source>
        <translation>Sie dürfen {0} nicht auflisten.</translation>
    </message>
    <message>
        <source>The bucket {0} does not exist.</source>
        <translation>Der Bucket {0} existiert nicht.</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>You may list {0}.</source>
        <translation>Sie dürfen {0} auflisten.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>bucket &apos;{0}&apos;</source>
        <translation>Bucket &apos;{0}&apos;</translation>
    </message>
    <message>
        <source>The server at {0} failed with HTTP status {1}. Try again later.</source>
        <translation>Der Server unter {0} ist mit HTTP-Status {1} gescheitert. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The server at {0} expects HTTPS (TLS), but the connection uses plain HTTP. Turn TLS on for this connection.</source>
        <translation>Der Server unter {0} erwartet HTTPS (TLS), die Verbindung nutzt aber einfaches HTTP. Schalten Sie TLS für diese Verbindung ein.</translation>
    </message>
    <message>
        <source>The server at {0} redirected the request to another address (HTTP status {1}); requests are not sent on to another address. Check the endpoint.</source>
        <translation>Der Server unter {0} hat die Anfrage an eine andere Adresse umgeleitet (HTTP-Status {1}); Anfragen werden nicht an eine andere Adresse weitergeschickt. Prüfen Sie den Endpunkt.</translation>
    </message>
    <message>
        <source>The server at {0} did not answer like an S3 server (HTTP status {1}). Check the endpoint and the port.</source>
        <translation>Der Server unter {0} hat nicht wie ein S3-Server geantwortet (HTTP-Status {1}). Prüfen Sie Endpunkt und Port.</translation>
    </message>
    <message>
        <source>The server at {0} did not answer like an S3 server. Check the endpoint and the port.</source>
        <translation>Der Server unter {0} hat nicht wie ein S3-Server geantwortet. Prüfen Sie Endpunkt und Port.</translation>
    </message>
    <message>
        <source>The host name &apos;{0}&apos; could not be resolved. Check the endpoint.</source>
        <translation>Der Hostname &apos;{0}&apos; konnte nicht aufgelöst werden. Prüfen Sie den Endpunkt.</translation>
    </message>
    <message>
        <source>The TLS certificate of {0} could not be verified ({1}). Configure the CA certificate that signed it, or check the host name.</source>
        <translation>Das TLS-Zertifikat von {0} konnte nicht überprüft werden ({1}). Richten Sie das CA-Zertifikat ein, das es signiert hat, oder prüfen Sie den Hostnamen.</translation>
    </message>
    <message>
        <source>The server at {0} does not speak TLS. Turn TLS off for this connection (use http://).</source>
        <translation>Der Server unter {0} spricht kein TLS. Schalten Sie TLS für diese Verbindung aus (http:// verwenden).</translation>
    </message>
    <message>
        <source>The TLS connection to {0} failed: {1}.</source>
        <translation>Die TLS-Verbindung zu {0} ist gescheitert: {1}.</translation>
    </message>
    <message>
        <source>Nothing is listening at {0} (connection refused). Is the server running, and is the port right?</source>
        <translation>Unter {0} lauscht nichts (Verbindung abgelehnt). Läuft der Server, und stimmt der Port?</translation>
    </message>
    <message>
        <source>The server at {0} did not answer in time. Check the network or try again.</source>
        <translation>Der Server unter {0} hat nicht rechtzeitig geantwortet. Prüfen Sie das Netzwerk oder versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server at {0} did not finish the head of its answer within {1} s while talking to {2} (it kept sending interim 100 Continue responses, or sent the head too slowly); it does not behave like an S3 server. Check the endpoint and the port.</source>
        <translation>Der Server unter {0} hat den Kopf seiner Antwort bei der Anfrage zu {2} nicht innerhalb von {1} s beendet (er hat immer wieder Zwischenantworten 100 Continue gesendet oder den Kopf zu langsam gesendet); er verhält sich nicht wie ein S3-Server. Prüfen Sie Endpunkt und Port.</translation>
    </message>
    <message>
        <source>Could not connect to {0}: {1}.</source>
        <translation>Keine Verbindung zu {0} möglich: {1}.</translation>
    </message>
    <message>
        <source>The server at {0} did not answer like an S3 server (it does not speak HTTP). Check the endpoint and the port.</source>
        <translation>Der Server unter {0} hat nicht wie ein S3-Server geantwortet (er spricht kein HTTP). Prüfen Sie Endpunkt und Port.</translation>
    </message>
    <message>
        <source>The TLS connection to {0} was dropped. The server may not speak TLS.</source>
        <translation>Die TLS-Verbindung zu {0} wurde abgebrochen. Vielleicht spricht der Server kein TLS.</translation>
    </message>
    <message>
        <source>The connection to {0} was dropped while talking to {1}. Try again; if it persists, check the endpoint and whether the server uses TLS.</source>
        <translation>Die Verbindung zu {0} wurde während der Anfrage zu {1} abgebrochen. Versuchen Sie es erneut; bleibt der Fehler, prüfen Sie den Endpunkt und ob der Server TLS verwendet.</translation>
    </message>
    <message>
        <source>Could not reach {0}.</source>
        <translation>{0} ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>The request for {0} is not valid (check the object name: this app cannot use a name that is empty or only blank characters).</source>
        <translation>Die Anfrage für {0} ist ungültig (prüfen Sie den Objektnamen: diese App kann keinen Namen verwenden, der leer ist oder nur aus Leerzeichen besteht).</translation>
    </message>
    <message>
        <source>A local file operation failed: {0}.</source>
        <translation>Ein lokaler Dateivorgang ist gescheitert: {0}.</translation>
    </message>
    <message>
        <source>Unexpected error while talking to {0}: {1}</source>
        <translation>Unerwarteter Fehler bei der Anfrage zu {0}: {1}</translation>
    </message>
    <message>
        <source>self-signed certificate</source>
        <translation>selbstsigniertes Zertifikat</translation>
    </message>
    <message>
        <source>unknown certificate authority</source>
        <translation>unbekannte Zertifizierungsstelle</translation>
    </message>
    <message>
        <source>host name mismatch</source>
        <translation>Hostname stimmt nicht überein</translation>
    </message>
    <message>
        <source>certificate expired</source>
        <translation>Zertifikat abgelaufen</translation>
    </message>
    <message>
        <source>The server at {0} does not know the access key &apos;{1}&apos;.</source>
        <translation>Der Server unter {0} kennt den Zugriffsschlüssel &apos;{1}&apos; nicht.</translation>
    </message>
    <message>
        <source>The secret key for access key &apos;{0}&apos; is wrong (the server rejected the signature).</source>
        <translation>Der geheime Schlüssel zum Zugriffsschlüssel &apos;{0}&apos; ist falsch (der Server hat die Signatur abgelehnt).</translation>
    </message>
    <message>
        <source>Access denied: the access key &apos;{0}&apos; may not do this on {1}.</source>
        <translation>Zugriff verweigert: Der Zugriffsschlüssel &apos;{0}&apos; darf das bei {1} nicht.</translation>
    </message>
    <message>
        <source>Access denied on {0}.</source>
        <translation>Zugriff verweigert bei {0}.</translation>
    </message>
    <message>
        <source>The bucket &apos;{0}&apos; does not exist on {1}.</source>
        <translation>Der Bucket &apos;{0}&apos; existiert auf {1} nicht.</translation>
    </message>
    <message>
        <source>The object {0} does not exist (it may have been deleted).</source>
        <translation>Das Objekt {0} existiert nicht (vielleicht wurde es gelöscht).</translation>
    </message>
    <message>
        <source>This computer&apos;s clock differs too much from the server&apos;s. Correct the system time (enable automatic time synchronisation) and try again.</source>
        <translation>Die Uhr dieses Computers weicht zu sehr von der des Servers ab. Korrigieren Sie die Systemzeit (automatische Zeitsynchronisation einschalten) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server at {0} reported an error ({1}). Try again later.</source>
        <translation>Der Server unter {0} hat einen Fehler gemeldet ({1}). Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The server refused the request on {0}: {1}</source>
        <translation>Der Server hat die Anfrage zu {0} abgelehnt: {1}</translation>
    </message>
    <message>
        <source>Temporary upload</source>
        <translation>Temporärer Upload</translation>
    </message>
    <message>
        <source>Exam</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>OCR document</source>
        <translation>OCR-Dokument</translation>
    </message>
    <message>
        <source>MLflow experiment</source>
        <translation>MLflow-Experiment</translation>
    </message>
    <message>
        <source>document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>chunk</source>
        <translation>Teil</translation>
    </message>
    <message>
        <source>run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>page</source>
        <translation>Seite</translation>
    </message>
    <message>
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <source>{0}, {1}</source>
        <translation>{0}, {1}</translation>
    </message>
    <message>
        <source>Regenerate the thumbnail</source>
        <translation>Vorschaubild neu erzeugen</translation>
    </message>
    <message>
        <source>Delete the temporary upload</source>
        <translation>Temporären Upload löschen</translation>
    </message>
    <message>
        <source>Abort the upload</source>
        <translation>Upload abbrechen</translation>
    </message>
    <message>
        <source>Upload a thumbnail rendered from {0} to {1}/{2}</source>
        <translation>Ein aus {0} erzeugtes Vorschaubild nach {1}/{2} hochladen</translation>
    </message>
    <message>
        <source>Delete {0}/{1} ({2})</source>
        <translation>{0}/{1} löschen ({2})</translation>
    </message>
    <message>
        <source>Delete {0}/{1}</source>
        <translation>{0}/{1} löschen</translation>
    </message>
    <message>
        <source>Abort the upload of {0}/{1} (id {2}, {3} of parts)</source>
        <translation>Den Upload von {0}/{1} abbrechen (ID {2}, {3} in Teilen)</translation>
    </message>
    <message>
        <source>Abort the upload of {0}/{1} (id {2})</source>
        <translation>Den Upload von {0}/{1} abbrechen (ID {2})</translation>
    </message>
    <message>
        <source>{0} thumbnails regenerated</source>
        <translation>{0} Vorschaubilder neu erzeugt</translation>
    </message>
    <message>
        <source>{0} objects deleted</source>
        <translation>{0} Objekte gelöscht</translation>
    </message>
    <message>
        <source>{0} uploads aborted</source>
        <translation>{0} Uploads abgebrochen</translation>
    </message>
    <message>
        <source>Nothing changed</source>
        <translation>Nichts geändert</translation>
    </message>
    <message>
        <source>{0}; {1} skipped</source>
        <translation>{0}; {1} übersprungen</translation>
    </message>
    <message>
        <source>{0}; {1}</source>
        <translation>{0}; {1}</translation>
    </message>
    <message>
        <source>{0}; {1} failed: {2}</source>
        <translation>{0}; {1} gescheitert: {2}</translation>
    </message>
    <message>
        <source>{0}.</source>
        <translation>{0}.</translation>
    </message>
    <message>
        <source>not a material key</source>
        <translation>kein Schlüssel eines Materials</translation>
    </message>
    <message>
        <source>nothing is stored there any more</source>
        <translation>dort ist nichts mehr gespeichert</translation>
    </message>
    <message>
        <source>this finding has no automatic fix</source>
        <translation>für diesen Befund gibt es keine automatische Korrektur</translation>
    </message>
    <message>
        <source>a thumbnail exists already</source>
        <translation>ein Vorschaubild existiert bereits</translation>
    </message>
    <message>
        <source>the material is gone</source>
        <translation>das Material ist nicht mehr da</translation>
    </message>
    <message>
        <source>The material is larger than {0}; its thumbnail is not rendered.</source>
        <translation>Das Material ist größer als {0}; sein Vorschaubild wird nicht erzeugt.</translation>
    </message>
    <message>
        <source>it changed since it was planned: kept</source>
        <translation>es hat sich seit der Planung geändert: behalten</translation>
    </message>
    <message>
        <source>it is gone already</source>
        <translation>es ist bereits weg</translation>
    </message>
    <message>
        <source>The server refused to delete it ({0}).</source>
        <translation>Der Server hat das Löschen abgelehnt ({0}).</translation>
    </message>
    <message>
        <source>{0} materials have no thumbnail</source>
        <translation>{0} Materialien haben kein Vorschaubild</translation>
    </message>
    <message>
        <source>{0} thumbnails have no material</source>
        <translation>{0} Vorschaubilder haben kein Material</translation>
    </message>
    <message>
        <source>{0} chunks are empty (0 bytes)</source>
        <translation>{0} Teile sind leer (0 Byte)</translation>
    </message>
    <message>
        <source>{0} temporary uploads are older than {1} hours</source>
        <translation>{0} temporäre Uploads sind älter als {1} Stunden</translation>
    </message>
    <message>
        <source>{0} page images have no JSON</source>
        <translation>{0} Seitenbilder haben kein JSON</translation>
    </message>
    <message>
        <source>{0} JSON files have no page image</source>
        <translation>{0} JSON-Dateien haben kein Seitenbild</translation>
    </message>
    <message>
        <source>{0} recordings do not start like a WebM file</source>
        <translation>{0} Aufzeichnungen beginnen nicht wie eine WebM-Datei</translation>
    </message>
    <message>
        <source>{0} recordings could not be read</source>
        <translation>{0} Aufzeichnungen konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>{0}, … ({1} more)</source>
        <translation>{0}, … ({1} weitere)</translation>
    </message>
    <message>
        <source>{0} problems of the same kind</source>
        <translation>{0} Probleme derselben Art</translation>
    </message>
    <message>
        <source>{0}: {1}.</source>
        <translation>{0}: {1}.</translation>
    </message>
    <message>
        <source>Page {0} has no JSON text.</source>
        <translation>Seite {0} hat keinen JSON-Text.</translation>
    </message>
    <message>
        <source>The JSON of page {0} has no page image.</source>
        <translation>Das JSON von Seite {0} hat kein Seitenbild.</translation>
    </message>
    <message>
        <source>{0} could not be read: {1}</source>
        <translation>{0} konnte nicht gelesen werden: {1}</translation>
    </message>
    <message>
        <source>{0} is empty, not a WebM recording.</source>
        <translation>{0} ist leer, keine WebM-Aufzeichnung.</translation>
    </message>
    <message>
        <source>{0} is not a WebM recording: it starts with {1} (expected {2}).</source>
        <translation>{0} ist keine WebM-Aufzeichnung: sie beginnt mit {1} (erwartet: {2}).</translation>
    </message>
    <message>
        <source>Material {0} in classroom {1} has no thumbnail.</source>
        <translation>Material {0} in Klasse {1} hat kein Vorschaubild.</translation>
    </message>
    <message>
        <source>Thumbnail of {0} in classroom {1} has no material.</source>
        <translation>Das Vorschaubild von {0} in Klasse {1} hat kein Material.</translation>
    </message>
    <message>
        <source>Meeting {0} is missing chunk {1}.</source>
        <translation>Meeting {0} fehlt Teil {1}.</translation>
    </message>
    <message>
        <source>Meeting {0} is missing chunks {1}.</source>
        <translation>Meeting {0} fehlen die Teile {1}.</translation>
    </message>
    <message>
        <source>Chunk {0} of meeting {1} is empty (0 bytes).</source>
        <translation>Teil {0} von Meeting {1} ist leer (0 Byte).</translation>
    </message>
    <message>
        <source>Meeting {0} has {1} chunks numbered {2}: {3}.</source>
        <translation>Meeting {0} hat {1} Teile mit der Nummer {2}: {3}.</translation>
    </message>
    <message>
        <source>Meeting {0} has no processed audio.</source>
        <translation>Meeting {0} hat kein verarbeitetes Audio.</translation>
    </message>
    <message>
        <source>OCR document {0}: page {1} has no JSON.</source>
        <translation>OCR-Dokument {0}: Seite {1} hat kein JSON.</translation>
    </message>
    <message>
        <source>OCR document {0}: pages {1} have no JSON.</source>
        <translation>OCR-Dokument {0}: Die Seiten {1} haben kein JSON.</translation>
    </message>
    <message>
        <source>OCR document {0}: JSON for page {1} has no page image.</source>
        <translation>OCR-Dokument {0}: Das JSON zu Seite {1} hat kein Seitenbild.</translation>
    </message>
    <message>
        <source>OCR document {0}: JSON for pages {1} has no page image.</source>
        <translation>OCR-Dokument {0}: Das JSON zu den Seiten {1} hat kein Seitenbild.</translation>
    </message>
    <message>
        <source>Temporary upload {0} was last written {1} days ago (older than {2} hours).</source>
        <translation>Der temporäre Upload {0} wurde zuletzt vor {1} Tagen geschrieben (älter als {2} Stunden).</translation>
    </message>
    <message>
        <source>Temporary upload {0} was last written {1} hours ago (older than {2} hours).</source>
        <translation>Der temporäre Upload {0} wurde zuletzt vor {1} Stunden geschrieben (älter als {2} Stunden).</translation>
    </message>
    <message>
        <source>no content type</source>
        <translation>kein Inhaltstyp</translation>
    </message>
    <message>
        <source>{0} {1} is stored as {2}, expected {3}.</source>
        <translation>{0} {1} ist als {2} gespeichert, erwartet: {3}.</translation>
    </message>
    <message>
        <source>{0} or {1}</source>
        <translation>{0} oder {1}</translation>
    </message>
    <message>
        <source>documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>recordings</source>
        <translation>Aufnahmen</translation>
    </message>
    <message>
        <source>ocr</source>
        <translation>OCR</translation>
    </message>
    <message>
        <source>mlflow</source>
        <translation>MLflow</translation>
    </message>
    <message>
        <source>Bucket {0}</source>
        <translation>Bucket {0}</translation>
    </message>
    <message>
        <source>started {0} ago</source>
        <translation>vor {0} begonnen</translation>
    </message>
    <message>
        <source>of unknown age</source>
        <translation>unbekannten Alters</translation>
    </message>
    <message>
        <source>{0}, holding {1}</source>
        <translation>{0}, belegt {1}</translation>
    </message>
    <message>
        <source>An upload of {0} was never completed ({1}).</source>
        <translation>Ein Upload von {0} wurde nie abgeschlossen ({1}).</translation>
    </message>
    <message>
        <source>An upload of {0} was never completed ({1}). It may still be running.</source>
        <translation>Ein Upload von {0} wurde nie abgeschlossen ({1}). Vielleicht läuft er noch.</translation>
    </message>
    <message>
        <source>Multipart upload of {0}</source>
        <translation>Multipart-Upload von {0}</translation>
    </message>
    <message>
        <source>{0} fits no key pattern of the schema.</source>
        <translation>{0} passt zu keinem Schlüsselmuster des Schemas.</translation>
    </message>
    <message>
        <source>{0} more unrecognized keys in {1} are not listed (the sample is capped at {2} keys).</source>
        <translation>{0} weitere unerkannte Schlüssel in {1} sind nicht aufgeführt (die Stichprobe ist auf {2} Schlüssel begrenzt).</translation>
    </message>
    <message>
        <source>The incomplete uploads of the {0} bucket {1} could not be listed: {2}</source>
        <translation>Die unvollständigen Uploads des {0}-Buckets {1} konnten nicht aufgelistet werden: {2}</translation>
    </message>
    <message>
        <source>The old versions of the {0} bucket {1} could not be counted: {2}</source>
        <translation>Die alten Versionen des {0}-Buckets {1} konnten nicht gezählt werden: {2}</translation>
    </message>
    <message>
        <source>The {0} bucket {1} does not exist.</source>
        <translation>Der {0}-Bucket {1} existiert nicht.</translation>
    </message>
    <message>
        <source>The {0} bucket {1} could not be listed: {2}</source>
        <translation>Der {0}-Bucket {1} konnte nicht aufgelistet werden: {2}</translation>
    </message>
    <message>
        <source>Its OCR results ({0} in {1}) are older than this file: they were made from the file it replaced. Run OCR on it again.</source>
        <translation>Seine OCR-Ergebnisse ({0} in {1}) sind älter als diese Datei: Sie stammen von der Datei, die sie ersetzt hat. Führen Sie die OCR erneut aus.</translation>
    </message>
    <message>
        <source>The OCR results of document {0} are older than its material {1} (replaced {2} UTC): they were made from the file it replaced. Run OCR on the material again.</source>
        <translation>Die OCR-Ergebnisse von Dokument {0} sind älter als sein Material {1} (ersetzt {2} UTC): Sie stammen von der ersetzten Datei. Führen Sie die OCR für das Material erneut aus.</translation>
    </message>
    <message>
        <source>The OCR results of document {0} are older than its material {1}: they were made from the file it replaced. Run OCR on the material again.</source>
        <translation>Die OCR-Ergebnisse von Dokument {0} sind älter als sein Material {1}: Sie stammen von der ersetzten Datei. Führen Sie die OCR für das Material erneut aus.</translation>
    </message>
    <message>
        <source>Cannot prepare {0} for dragging: {1}.</source>
        <translation>{0} kann nicht zum Ziehen vorbereitet werden: {1}.</translation>
    </message>
    <message>
        <source>{0} was changed since it was opened and could not be set aside: {1}.</source>
        <translation>{0} wurde seit dem Öffnen geändert und konnte nicht beiseitegelegt werden: {1}.</translation>
    </message>
    <message>
        <source>Cannot write the local copy of {0}: {1}.</source>
        <translation>Die lokale Kopie von {0} kann nicht geschrieben werden: {1}.</translation>
    </message>
    <message>
        <source>{0} cannot be read: {1}.</source>
        <translation>{0} kann nicht gelesen werden: {1}.</translation>
    </message>
    <message>
        <source>list the users</source>
        <translation>die Benutzer auflisten</translation>
    </message>
    <message>
        <source>read the user {0}</source>
        <translation>den Benutzer {0} lesen</translation>
    </message>
    <message>
        <source>read the group {0}</source>
        <translation>die Gruppe {0} lesen</translation>
    </message>
    <message>
        <source>read the policy {0}</source>
        <translation>die Richtlinie {0} lesen</translation>
    </message>
    <message>
        <source>The access key &apos;{0}&apos; may not use the admin API to {1}.</source>
        <translation>Der Zugriffsschlüssel &apos;{0}&apos; darf die Admin-API nicht verwenden für: {1}.</translation>
    </message>
    <message>
        <source>The admin API could not {0}: {1}</source>
        <translation>Die Admin-API ist gescheitert ({0}): {1}</translation>
    </message>
    <message>
        <source>Statement {0} matches nothing in the schema&apos;s {1}: {2}</source>
        <extracomment>The operations of the &quot;who can access this&quot; question: (name, action). ``seen`` when the caller showed no policy it expects to replace (no re-check before writing).</extracomment>
        <translation>Anweisung {0} trifft nichts in {1} laut Schema: {2}</translation>
    </message>
    <message>
        <source>Allow with NotPrincipal grants to everyone not listed: {0}</source>
        <translation>Allow mit NotPrincipal erlaubt es allen, die nicht aufgeführt sind: {0}</translation>
    </message>
    <message>
        <source>Anyone on the internet can download {0}{1}.</source>
        <extracomment>Actions that ``mc anonymous set download|upload|public`` grants besides Get/Put/ListBucket; they neither make a rule ``custom`` nor count as a risk on their own.</extracomment>
        <translation>Jeder im Internet kann {0} herunterladen{1}.</translation>
    </message>
    <message>
        <source>Anyone on the internet can upload {0}{1}.</source>
        <translation>Jeder im Internet kann {0} hochladen{1}.</translation>
    </message>
    <message>
        <source>Anyone on the internet can download and upload {0}{1}.</source>
        <translation>Jeder im Internet kann {0} herunterladen und hochladen{1}.</translation>
    </message>
    <message>
        <source>Anyone on the internet can list the object names in {0}{1}.</source>
        <translation>Jeder im Internet kann die Objektnamen in {0} auflisten{1}.</translation>
    </message>
    <message>
        <source>all objects in {0}</source>
        <translation>alle Objekte in {0}</translation>
    </message>
    <message>
        <source>objects matching {0} in {1}</source>
        <translation>Objekte passend zu {0} in {1}</translation>
    </message>
    <message>
        <source>Anyone on the internet may do anything (s3:*) on {0}{1}.</source>
        <translation>Jeder im Internet darf alles (s3:*) mit {0} tun{1}.</translation>
    </message>
    <message>
        <source>Public write: anyone on the internet may {0} on {1}{2}.</source>
        <translation>Öffentliches Schreiben: Jeder im Internet darf {0} auf {1} ausführen{2}.</translation>
    </message>
    <message>
        <source>Public delete: anyone on the internet may {0} on {1}{2}.</source>
        <translation>Öffentliches Löschen: Jeder im Internet darf {0} auf {1} ausführen{2}.</translation>
    </message>
    <message>
        <source>Public change: anyone on the internet may {0} on {1}{2}.</source>
        <translation>Öffentliches Ändern: Jeder im Internet darf {0} auf {1} ausführen{2}.</translation>
    </message>
    <message>
        <source>Whole bucket public: anyone on the internet can download {0}{1}.</source>
        <translation>Ganzer Bucket öffentlich: Jeder im Internet kann {0} herunterladen{1}.</translation>
    </message>
    <message>
        <source>Anyone on the internet can list object names (s3:ListBucket) on {0}{1}.</source>
        <translation>Jeder im Internet kann Objektnamen (s3:ListBucket) in {0} auflisten{1}.</translation>
    </message>
    <message>
        <source>download {0}</source>
        <translation>{0} herunterladen</translation>
    </message>
    <message>
        <source>upload {0}</source>
        <translation>{0} hochladen</translation>
    </message>
    <message>
        <source>delete {0}</source>
        <translation>{0} löschen</translation>
    </message>
    <message>
        <source>download and upload {0}</source>
        <translation>{0} herunterladen und hochladen</translation>
    </message>
    <message>
        <source>download and delete {0}</source>
        <translation>{0} herunterladen und löschen</translation>
    </message>
    <message>
        <source>upload and delete {0}</source>
        <translation>{0} hochladen und löschen</translation>
    </message>
    <message>
        <source>download, upload and delete {0}</source>
        <translation>{0} herunterladen, hochladen und löschen</translation>
    </message>
    <message>
        <source>{0} and {1}</source>
        <translation>{0} und {1}</translation>
    </message>
    <message>
        <source>Anyone on the internet</source>
        <translation>Jeder im Internet</translation>
    </message>
    <message>
        <source>anyone on the internet</source>
        <translation>jeder im Internet</translation>
    </message>
    <message>
        <source>User {0}</source>
        <translation>Benutzer {0}</translation>
    </message>
    <message>
        <source>Role {0}</source>
        <translation>Rolle {0}</translation>
    </message>
    <message>
        <source>Group {0}</source>
        <translation>Gruppe {0}</translation>
    </message>
    <message>
        <source>user {0}</source>
        <translation>Benutzer {0}</translation>
    </message>
    <message>
        <source>role {0}</source>
        <translation>Rolle {0}</translation>
    </message>
    <message>
        <source>group {0}</source>
        <translation>Gruppe {0}</translation>
    </message>
    <message>
        <source>Account {0}</source>
        <translation>Konto {0}</translation>
    </message>
    <message>
        <source>account {0}</source>
        <translation>Konto {0}</translation>
    </message>
    <message>
        <source>Nobody</source>
        <translation>Niemand</translation>
    </message>
    <message>
        <source>Anyone except {0}</source>
        <translation>Jeder außer {0}</translation>
    </message>
    <message>
        <source>buckets matching {0}</source>
        <translation>Buckets passend zu {0}</translation>
    </message>
    <message>
        <source>every bucket and object</source>
        <translation>jeden Bucket und jedes Objekt</translation>
    </message>
    <message>
        <source>resource {0}</source>
        <translation>Ressource {0}</translation>
    </message>
    <message>
        <source>the bucket {0}</source>
        <translation>den Bucket {0}</translation>
    </message>
    <message>
        <source>objects in buckets matching {0}</source>
        <translation>Objekte in Buckets passend zu {0}</translation>
    </message>
    <message>
        <source>anything except {0}</source>
        <translation>alles außer {0}</translation>
    </message>
    <message>
        <source>when {0} is {1}</source>
        <translation>wenn {0} {1} ist</translation>
    </message>
    <message>
        <source>when {0} is not {1}</source>
        <translation>wenn {0} nicht {1} ist</translation>
    </message>
    <message>
        <source>when {0} matches {1}</source>
        <translation>wenn {0} zu {1} passt</translation>
    </message>
    <message>
        <source>when {0} does not match {1}</source>
        <translation>wenn {0} nicht zu {1} passt</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>nicht vorhanden</translation>
    </message>
    <message>
        <source>present</source>
        <translation>vorhanden</translation>
    </message>
    <message>
        <source>not from {0}</source>
        <translation>nicht von {0} aus</translation>
    </message>
    <message>
        <source>from {0}</source>
        <translation>von {0} aus</translation>
    </message>
    <message>
        <source>when {0} is not in {1}</source>
        <translation>wenn {0} nicht in {1} liegt</translation>
    </message>
    <message>
        <source>when {0} is in {1}</source>
        <translation>wenn {0} in {1} liegt</translation>
    </message>
    <message>
        <source>when {0} is none of {1}</source>
        <translation>wenn {0} keiner von {1} ist</translation>
    </message>
    <message>
        <source>when {0} matches none of {1}</source>
        <translation>wenn {0} zu keinem von {1} passt</translation>
    </message>
    <message>
        <source>{0} (or {1} is absent)</source>
        <translation>{0} (oder {1} fehlt)</translation>
    </message>
    <message>
        <source> only {0}</source>
        <translation>, nur {0}</translation>
    </message>
    <message>
        <source>do anything except {0} on {1}</source>
        <translation>alles außer {0} auf {1} tun</translation>
    </message>
    <message>
        <source>do anything ({0}) on {1}</source>
        <translation>alles ({0}) auf {1} tun</translation>
    </message>
    <message>
        <source>list the object names in {0}</source>
        <translation>die Objektnamen in {0} auflisten</translation>
    </message>
    <message>
        <source>perform {0} on {1}</source>
        <translation>{0} auf {1} ausführen</translation>
    </message>
    <message>
        <source>{0} can {1}{2}.</source>
        <translation>{0} kann {1}{2}.</translation>
    </message>
    <message>
        <source>{0} may {1}{2}.</source>
        <translation>{0} darf {1}{2}.</translation>
    </message>
    <message>
        <source>{0} cannot {1}{2} (explicit Deny: it overrides any Allow).</source>
        <translation>{0} kann nicht {1}{2} (ausdrückliches Deny: es hat Vorrang vor jedem Allow).</translation>
    </message>
    <message>
        <source>{0} may not {1}{2} (explicit Deny: it overrides any Allow).</source>
        <translation>{0} darf nicht {1}{2} (ausdrückliches Deny: es hat Vorrang vor jedem Allow).</translation>
    </message>
    <message>
        <source>The profiles file has an invalid version ({0}).</source>
        <translation>Die Profildatei hat eine ungültige Version ({0}).</translation>
    </message>
    <message>
        <source>The profiles file version {0} cannot be upgraded.</source>
        <translation>Die Profildatei in Version {0} kann nicht aktualisiert werden.</translation>
    </message>
    <message>
        <source>A profile called &apos;{0}&apos; exists already.</source>
        <translation>Ein Profil namens &apos;{0}&apos; existiert bereits.</translation>
    </message>
    <message>
        <source>There is no profile called &apos;{0}&apos;.</source>
        <translation>Es gibt kein Profil namens &apos;{0}&apos;.</translation>
    </message>
    <message>
        <source>The profiles could not be saved to {0}: {1}.</source>
        <translation>Die Profile konnten nicht in {0} gespeichert werden: {1}.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a valid endpoint: the port must be a number (e.g. {1}).</source>
        <translation>&apos;{0}&apos; ist kein gültiger Endpunkt: Der Port muss eine Zahl sein (z. B. {1}).</translation>
    </message>
    <message>
        <source>The port must be between 1 and 65535 (not {0}).</source>
        <translation>Der Port muss zwischen 1 und 65535 liegen (nicht {0}).</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a valid endpoint: missing &apos;]&apos;.</source>
        <translation>&apos;{0}&apos; ist kein gültiger Endpunkt: &apos;]&apos; fehlt.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a valid endpoint: &apos;{1}&apos; is not an IPv6 address.</source>
        <translation>&apos;{0}&apos; ist kein gültiger Endpunkt: &apos;{1}&apos; ist keine IPv6-Adresse.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a valid endpoint.</source>
        <translation>&apos;{0}&apos; ist kein gültiger Endpunkt.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a valid endpoint. Put IPv6 addresses in brackets, e.g. [::1]:9000.</source>
        <translation>&apos;{0}&apos; ist kein gültiger Endpunkt. Setzen Sie IPv6-Adressen in eckige Klammern, z. B. [::1]:9000.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a valid endpoint. Enter host and port, e.g. {1}.</source>
        <translation>&apos;{0}&apos; ist kein gültiger Endpunkt. Geben Sie Host und Port ein, z. B. {1}.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a valid endpoint: the port is missing.</source>
        <translation>&apos;{0}&apos; ist kein gültiger Endpunkt: Der Port fehlt.</translation>
    </message>
    <message>
        <source>The endpoint &apos;{0}&apos; needs a port, e.g. {1}:9000.</source>
        <translation>Der Endpunkt &apos;{0}&apos; braucht einen Port, z. B. {1}:9000.</translation>
    </message>
    <message>
        <source>Enter the server address as host:port, e.g. {0}.</source>
        <translation>Geben Sie die Serveradresse als host:port ein, z. B. {0}.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a valid endpoint: it contains spaces.</source>
        <translation>&apos;{0}&apos; ist kein gültiger Endpunkt: Er enthält Leerzeichen.</translation>
    </message>
    <message>
        <source>An endpoint cannot have a path (/{0}). Enter only host and port, e.g. {1}; bucket names are set separately.</source>
        <translation>Ein Endpunkt kann keinen Pfad haben (/{0}). Geben Sie nur Host und Port ein, z. B. {1}; Bucket-Namen werden getrennt eingestellt.</translation>
    </message>
    <message>
        <source>Unsupported scheme &apos;{0}://&apos;. Use http://, https:// or just host:port.</source>
        <translation>Nicht unterstütztes Schema &apos;{0}://&apos;. Verwenden Sie http://, https:// oder nur host:port.</translation>
    </message>
    <message>
        <source>The endpoint must not contain a user name or password; enter the access key and the secret in their own fields.</source>
        <translation>Der Endpunkt darf keinen Benutzernamen und kein Passwort enthalten; geben Sie Zugriffsschlüssel und geheimen Schlüssel in ihren eigenen Feldern ein.</translation>
    </message>
    <message>
        <source>An endpoint cannot have a path ({0}). Enter only host and port, e.g. {1}://{2}; bucket names are set separately.</source>
        <translation>Ein Endpunkt kann keinen Pfad haben ({0}). Geben Sie nur Host und Port ein, z. B. {1}://{2}; Bucket-Namen werden getrennt eingestellt.</translation>
    </message>
    <message>
        <source>An endpoint cannot have a query or fragment (&apos;{0}&apos;).</source>
        <translation>Ein Endpunkt kann keine Abfrage und kein Fragment haben (&apos;{0}&apos;).</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a valid endpoint: the host is missing.</source>
        <translation>&apos;{0}&apos; ist kein gültiger Endpunkt: Der Host fehlt.</translation>
    </message>
    <message>
        <source>The endpoint starts with https:// but TLS is off. Turn TLS on, or use http:// if the server really speaks plain HTTP.</source>
        <translation>Der Endpunkt beginnt mit https://, aber TLS ist aus. Schalten Sie TLS ein, oder verwenden Sie http://, wenn der Server wirklich unverschlüsseltes HTTP spricht.</translation>
    </message>
    <message>
        <source>The endpoint starts with http:// but TLS is on. Turn TLS off, or use https://.</source>
        <translation>Der Endpunkt beginnt mit http://, aber TLS ist an. Schalten Sie TLS aus, oder verwenden Sie https://.</translation>
    </message>
    <message>
        <source>The CA certificate file {0} does not exist.</source>
        <translation>Die CA-Zertifikatsdatei {0} existiert nicht.</translation>
    </message>
    <message>
        <source>The CA certificate file {0} cannot be read: {1}.</source>
        <translation>Die CA-Zertifikatsdatei {0} kann nicht gelesen werden: {1}.</translation>
    </message>
    <message>
        <source>{0} does not contain a PEM certificate (-----BEGIN CERTIFICATE-----).</source>
        <translation>{0} enthält kein PEM-Zertifikat (-----BEGIN CERTIFICATE-----).</translation>
    </message>
    <message>
        <source>Enter a name for this connection.</source>
        <translation>Geben Sie einen Namen für diese Verbindung ein.</translation>
    </message>
    <message>
        <source>The name is too long (at most {0} characters).</source>
        <translation>Der Name ist zu lang (höchstens {0} Zeichen).</translation>
    </message>
    <message>
        <source>The name cannot contain control characters.</source>
        <translation>Der Name darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a valid bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.</source>
        <translation>&apos;{0}&apos; ist kein gültiger Bucket-Name: 3 bis 63 Kleinbuchstaben, Ziffern, Punkte und Bindestriche, am Anfang und Ende ein Buchstabe oder eine Ziffer.</translation>
    </message>
    <message>
        <source>Enter a region (MinIO uses {0}).</source>
        <translation>Geben Sie eine Region ein (MinIO verwendet {0}).</translation>
    </message>
    <message>
        <source>Enter the access key.</source>
        <translation>Geben Sie den Zugriffsschlüssel ein.</translation>
    </message>
    <message>
        <source>Enter the provider&apos;s issuer URL, e.g. https://login.example.org/realms/school.</source>
        <translation>Geben Sie die Aussteller-URL des Anbieters ein, z. B. https://login.example.org/realms/school.</translation>
    </message>
    <message>
        <source>The issuer URL must use https (tokens travel there).</source>
        <translation>Die Aussteller-URL muss https verwenden (dorthin werden Tokens übertragen).</translation>
    </message>
    <message>
        <source>Enter the client id the provider gave this app.</source>
        <translation>Geben Sie die Client-ID ein, die der Anbieter dieser App gegeben hat.</translation>
    </message>
    <message>
        <source>The scopes must include &apos;openid&apos;.</source>
        <translation>Die Scopes müssen &apos;openid&apos; enthalten.</translation>
    </message>
    <message>
        <source>Enter your directory user name.</source>
        <translation>Geben Sie Ihren Benutzernamen im Verzeichnis ein.</translation>
    </message>
    <message>
        <source>A role ARN starts with &apos;arn:&apos;, e.g. arn:aws:iam::role/Teacher.</source>
        <translation>Ein Rollen-ARN beginnt mit &apos;arn:&apos;, z. B. arn:aws:iam::role/Teacher.</translation>
    </message>
    <message>
        <source>The versioning of {0} could not be read: {1}</source>
        <extracomment>A bucket&apos;s versioning as people read it (``None``: the server has no versioning).</extracomment>
        <translation>Die Versionierung von {0} konnte nicht gelesen werden: {1}</translation>
    </message>
    <message>
        <source>The lifecycle rules of {0} cannot be read: {1}</source>
        <translation>Die Lebenszyklusregeln von {0} können nicht gelesen werden: {1}</translation>
    </message>
    <message>
        <source>Versioning is off: there are no old versions for the noncurrent-version rule to remove, and a deleted object cannot be brought back.</source>
        <translation>Die Versionierung ist aus: Es gibt keine alten Versionen, die die Regel für nicht aktuelle Versionen entfernen könnte, und ein gelöschtes Objekt lässt sich nicht zurückholen.</translation>
    </message>
    <message>
        <source>The lifecycle rules of {0} were changed by someone else since they were shown; nothing was written. Look at the difference again.</source>
        <translation>Die Lebenszyklusregeln von {0} wurden seit der Anzeige von jemand anderem geändert; es wurde nichts geschrieben. Sehen Sie sich den Unterschied erneut an.</translation>
    </message>
    <message>
        <source>The access key &apos;{0}&apos; may not change the lifecycle rules of {1}.</source>
        <translation>Der Zugriffsschlüssel &apos;{0}&apos; darf die Lebenszyklusregeln von {1} nicht ändern.</translation>
    </message>
    <message>
        <source>The server accepted the lifecycle rules of {0} but reads back rules that do something else; check them in the Retention tab.</source>
        <translation>Der Server hat die Lebenszyklusregeln von {0} angenommen, liest aber Regeln zurück, die etwas anderes tun; prüfen Sie sie im Reiter Aufbewahrung.</translation>
    </message>
    <message>
        <source>the whole bucket</source>
        <translation>im ganzen Bucket</translation>
    </message>
    <message>
        <source>keys under {0}</source>
        <translation>unter {0}</translation>
    </message>
    <message>
        <source>Temporary uploads under {0} are never removed by the server; the schema expects them to expire after {1}.</source>
        <translation>Temporäre Uploads unter {0} entfernt der Server nie; laut Schema laufen sie ab, wenn sie {1} alt sind.</translation>
    </message>
    <message>
        <source>Nothing expires {0}; the schema expects it after {1}.</source>
        <translation>Nichts läuft {0} ab; laut Schema laufen Objekte ab, wenn sie {1} alt sind.</translation>
    </message>
    <message>
        <source>Incomplete multipart uploads are never aborted: their parts hold space until someone removes them. The schema expects them aborted {0} after they started.</source>
        <translation>Unvollständige Multipart-Uploads werden nie abgebrochen: Ihre Teile belegen Platz, bis jemand sie entfernt. Laut Schema werden sie abgebrochen, wenn sie {0} alt sind.</translation>
    </message>
    <message>
        <source>Old versions (replaced or deleted objects) of {0} are kept forever; the schema keeps them {1}.</source>
        <translation>Alte Versionen (ersetzte oder gelöschte Objekte) {0} werden für immer behalten; das Schema behält sie {1} lang.</translation>
    </message>
    <message>
        <source>Temporary uploads under {0} expire after {1}; the schema expects {2}.</source>
        <translation>Temporäre Uploads unter {0} laufen ab, wenn sie {1} alt sind; laut Schema: {2}.</translation>
    </message>
    <message>
        <source>Objects of {0} expire after {1}; the schema expects {2}.</source>
        <translation>Objekte {0} laufen ab, wenn sie {1} alt sind; laut Schema: {2}.</translation>
    </message>
    <message>
        <source>Incomplete multipart uploads are aborted after {0}; the schema expects {1}.</source>
        <translation>Unvollständige Multipart-Uploads werden abgebrochen, wenn sie {0} alt sind; laut Schema: {1}.</translation>
    </message>
    <message>
        <source>Old versions are removed {0} after they were replaced, sooner than the {1} the schema keeps them: a mistake found later may not be undone.</source>
        <translation>Alte Versionen werden {0} nach dem Ersetzen entfernt, früher als das Schema sie behält ({1}): Ein später bemerkter Fehler lässt sich dann vielleicht nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Old versions are kept {0} after they were replaced; the schema keeps them {1}, so they take space longer than needed.</source>
        <translation>Alte Versionen werden nach dem Ersetzen {0} lang behalten; das Schema behält sie {1} lang, sie belegen also länger als nötig Platz.</translation>
    </message>
    <message>
        <source>An extra rule expires {0} after {1}, inside what the schema lets expire.</source>
        <translation>Eine zusätzliche Regel lässt Objekte {0} ablaufen, wenn sie {1} alt sind, innerhalb dessen, was laut Schema ablaufen darf.</translation>
    </message>
    <message>
        <source>The server deletes the current objects of {0} {1} after they were written; the schema expects no such rule.</source>
        <translation>Der Server löscht die aktuellen Objekte {0}, wenn sie {1} alt sind; das Schema sieht keine solche Regel vor.</translation>
    </message>
    <message>
        <source>An extra rule removes old versions of {0} {1} after they were replaced.</source>
        <translation>Eine zusätzliche Regel entfernt alte Versionen {0} {1} nach dem Ersetzen.</translation>
    </message>
    <message>
        <source>An extra rule aborts incomplete uploads of {0} after {1}.</source>
        <translation>Eine zusätzliche Regel bricht unvollständige Uploads {0} ab, wenn sie {1} alt sind.</translation>
    </message>
    <message>
        <source>A rule the schema does not have, on {0}: {1}.</source>
        <translation>Eine Regel, die das Schema nicht hat, {0}: {1}.</translation>
    </message>
    <message>
        <source>Skipped: the file exists already.</source>
        <translation>Übersprungen: Die Datei existiert bereits.</translation>
    </message>
    <message>
        <source>{0} is not a regular file; it was not replaced.</source>
        <translation>{0} ist keine normale Datei; sie wurde nicht ersetzt.</translation>
    </message>
    <message>
        <source>{0} keeps appearing while it is downloaded; it was not downloaded.</source>
        <translation>{0} taucht während des Herunterladens immer wieder auf; es wurde nicht heruntergeladen.</translation>
    </message>
    <message>
        <source>No free name was found next to {0}.</source>
        <translation>Neben {0} wurde kein freier Name gefunden.</translation>
    </message>
    <message>
        <source>{0} would be written outside {1}; it was not downloaded.</source>
        <translation>{0} würde außerhalb von {1} geschrieben; es wurde nicht heruntergeladen.</translation>
    </message>
    <message>
        <source>{0} exists already.</source>
        <translation>{0} existiert bereits.</translation>
    </message>
    <message>
        <source>s3://{0}/{1} changed while it was downloaded; nothing was kept. Download it again.</source>
        <translation>s3://{0}/{1} hat sich während des Herunterladens geändert; nichts wurde behalten. Laden Sie es erneut herunter.</translation>
    </message>
    <message>
        <source>Verification failed for {0}: the bytes received differ from the server&apos;s checksum; nothing was kept.</source>
        <translation>Prüfung fehlgeschlagen für {0}: Die empfangenen Bytes passen nicht zur Prüfsumme des Servers; nichts wurde behalten.</translation>
    </message>
    <message>
        <source>{0} appeared while downloading; the download is kept as {1}.</source>
        <translation>{0} ist während des Herunterladens aufgetaucht; der Download bleibt als {1} erhalten.</translation>
    </message>
    <message>
        <source>Cannot write {0}: {1}.</source>
        <translation>{0} kann nicht geschrieben werden: {1}.</translation>
    </message>
    <message>
        <source>Cannot read {0}: {1}.</source>
        <translation>{0} kann nicht gelesen werden: {1}.</translation>
    </message>
    <message>
        <source>The server answered a ranged request for {0} with other bytes; the download stopped.</source>
        <translation>Der Server hat eine Bereichsanfrage für {0} mit anderen Bytes beantwortet; der Download wurde angehalten.</translation>
    </message>
    <message>
        <source>Not enough space in {0} for {1} ({2}); nothing was downloaded.</source>
        <translation>Nicht genug Platz in {0} für {1} ({2}); nichts wurde heruntergeladen.</translation>
    </message>
    <message>
        <source>{0} ({1}) is too large for the file system of {2}; nothing was downloaded.</source>
        <translation>{0} ({1}) ist zu groß für das Dateisystem von {2}; nichts wurde heruntergeladen.</translation>
    </message>
    <message>
        <source>s3://{0}/{1} changed while it was downloaded.</source>
        <translation>s3://{0}/{1} hat sich während des Herunterladens geändert.</translation>
    </message>
    <message>
        <source>{0} no longer exists; the interrupted upload was aborted.</source>
        <translation>{0} existiert nicht mehr; der unterbrochene Upload wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Unexpected error: {0}</source>
        <translation>Unerwarteter Fehler: {0}</translation>
    </message>
    <message>
        <source>Interrupted; it resumes on the next start.</source>
        <translation>Unterbrochen; wird beim nächsten Start fortgesetzt.</translation>
    </message>
    <message>
        <source>The thumbnail could not be rendered: {0}</source>
        <translation>Das Vorschaubild konnte nicht erzeugt werden: {0}</translation>
    </message>
    <message>
        <source>No thumbnail renderer is available.</source>
        <translation>Es ist kein Vorschaubild-Renderer verfügbar.</translation>
    </message>
    <message>
        <source>Cannot read {0} for its thumbnail: {1}.</source>
        <translation>{0} kann für sein Vorschaubild nicht gelesen werden: {1}.</translation>
    </message>
    <message>
        <source>{0} was replaced by a link after it was dropped; links are not followed, so it was not uploaded.</source>
        <translation>{0} wurde nach dem Ablegen durch einen Link ersetzt; Links wird nicht gefolgt, daher wurde es nicht hochgeladen.</translation>
    </message>
    <message>
        <source>s3://{0}/{1} keeps appearing while it is uploaded; it was not uploaded.</source>
        <translation>s3://{0}/{1} taucht während des Hochladens immer wieder auf; es wurde nicht hochgeladen.</translation>
    </message>
    <message>
        <source>No free name was found next to s3://{0}/{1}.</source>
        <translation>Neben s3://{0}/{1} wurde kein freier Name gefunden.</translation>
    </message>
    <message>
        <source>s3://{0}/{1} has no version {2}.</source>
        <translation>s3://{0}/{1} hat keine Version {2}.</translation>
    </message>
    <message>
        <source>s3://{0}/{1} has no versions.</source>
        <translation>s3://{0}/{1} hat keine Versionen.</translation>
    </message>
    <message>
        <source>Bucket missing</source>
        <translation>Bucket fehlt</translation>
    </message>
    <message>
        <source>Bucket unreadable</source>
        <translation>Bucket nicht lesbar</translation>
    </message>
    <message>
        <source>Uploads not listed</source>
        <translation>Uploads nicht aufgelistet</translation>
    </message>
    <message>
        <source>Old versions not counted</source>
        <translation>Alte Versionen nicht gezählt</translation>
    </message>
    <message>
        <source>Material without thumbnail</source>
        <translation>Material ohne Vorschaubild</translation>
    </message>
    <message>
        <source>Thumbnail without material</source>
        <translation>Vorschaubild ohne Material</translation>
    </message>
    <message>
        <source>Missing chunks</source>
        <translation>Fehlende Teile</translation>
    </message>
    <message>
        <source>Empty chunk</source>
        <translation>Leerer Teil</translation>
    </message>
    <message>
        <source>Duplicate chunk number</source>
        <translation>Doppelte Teilnummer</translation>
    </message>
    <message>
        <source>Meeting without audio</source>
        <translation>Meeting ohne Audio</translation>
    </message>
    <message>
        <source>Not a WebM recording</source>
        <translation>Keine WebM-Aufzeichnung</translation>
    </message>
    <message>
        <source>Recording unreadable</source>
        <translation>Aufzeichnung nicht lesbar</translation>
    </message>
    <message>
        <source>OCR page without text</source>
        <translation>OCR-Seite ohne Text</translation>
    </message>
    <message>
        <source>OCR text without page image</source>
        <translation>OCR-Text ohne Seitenbild</translation>
    </message>
    <message>
        <source>OCR older than its material</source>
        <translation>OCR älter als sein Material</translation>
    </message>
    <message>
        <source>Stale temporary upload</source>
        <translation>Veralteter temporärer Upload</translation>
    </message>
    <message>
        <source>Incomplete upload</source>
        <translation>Unvollständiger Upload</translation>
    </message>
    <message>
        <source>Wrong content type</source>
        <translation>Falscher Inhaltstyp</translation>
    </message>
    <message>
        <source>Key outside the schema</source>
        <translation>Schlüssel außerhalb des Schemas</translation>
    </message>
    <message>
        <source>More keys outside the schema</source>
        <translation>Weitere Schlüssel außerhalb des Schemas</translation>
    </message>
    <message>
        <source>{0} keys in {1} can be read by anyone without signing in.</source>
        <translation>{0}-Schlüssel in {1} kann jeder ohne Anmeldung lesen.</translation>
    </message>
    <message>
        <source>{0} keys in {1} should be publicly readable but are not.</source>
        <translation>{0}-Schlüssel in {1} sollten öffentlich lesbar sein, sind es aber nicht.</translation>
    </message>
    <message>
        <source>Duplicate key {0} in a JSON object</source>
        <translation>Doppelter Schlüssel {0} in einem JSON-Objekt</translation>
    </message>
    <message>
        <source>{0} must be a string or a list of strings, got {1}</source>
        <translation>{0} muss eine Zeichenkette oder eine Liste von Zeichenketten sein, gefunden: {1}</translation>
    </message>
    <message>
        <source>{0} must not be an empty list</source>
        <translation>{0} darf keine leere Liste sein</translation>
    </message>
    <message>
        <source>{0} must contain only strings, got {1}</source>
        <translation>{0} darf nur Zeichenketten enthalten, gefunden: {1}</translation>
    </message>
    <message>
        <source>{0} must not contain an empty string</source>
        <translation>{0} darf keine leere Zeichenkette enthalten</translation>
    </message>
    <message>
        <source>{0}: use either {1} or Not{1}, not both</source>
        <translation>{0}: entweder {1} oder Not{1} verwenden, nicht beides</translation>
    </message>
    <message>
        <source>{0}: {1} (or Not{1}) is required</source>
        <translation>{0}: {1} (oder Not{1}) ist erforderlich</translation>
    </message>
    <message>
        <source>{0} must be &quot;*&quot; or an object like {{&quot;AWS&quot;: [...]}}, got {1}</source>
        <translation>{0} muss &quot;*&quot; oder ein Objekt wie {{&quot;AWS&quot;: [...]}} sein, gefunden: {1}</translation>
    </message>
    <message>
        <source>{0}: unsupported principal type {1} (only AWS is supported)</source>
        <translation>{0}: nicht unterstützter Principal-Typ {1} (nur AWS wird unterstützt)</translation>
    </message>
    <message>
        <source>{0} must name at least one principal under &quot;AWS&quot;</source>
        <translation>{0} muss unter &quot;AWS&quot; mindestens einen Principal nennen</translation>
    </message>
    <message>
        <source>{0} AWS</source>
        <translation>{0} AWS</translation>
    </message>
    <message>
        <source>{0}: condition values must be strings, numbers or booleans, got {1}</source>
        <translation>{0}: Bedingungswerte müssen Zeichenketten, Zahlen oder Wahrheitswerte sein, gefunden: {1}</translation>
    </message>
    <message>
        <source>{0}: {1} values must be true or false, got {2}</source>
        <translation>{0}: {1}-Werte müssen true oder false sein, gefunden: {2}</translation>
    </message>
    <message>
        <source>{0}: {1} value {2} is not an IP address or CIDR range</source>
        <translation>{0}: {1}-Wert {2} ist keine IP-Adresse und kein CIDR-Bereich</translation>
    </message>
    <message>
        <source>{0}: Condition must be an object, got {1}</source>
        <translation>{0}: Condition muss ein Objekt sein, gefunden: {1}</translation>
    </message>
    <message>
        <source>{0}: unsupported Condition operator {1} (supported: {2})</source>
        <translation>{0}: nicht unterstützter Condition-Operator {1} (unterstützt: {2})</translation>
    </message>
    <message>
        <source>{0}: Condition {1} must be an object of key: values, got {2}</source>
        <translation>{0}: Condition {1} muss ein Objekt aus Schlüssel: Werte sein, gefunden: {2}</translation>
    </message>
    <message>
        <source>{0}: Condition {1} {2}</source>
        <translation>{0}: Condition {1} {2}</translation>
    </message>
    <message>
        <source>{0}: Condition {1} has an empty key name</source>
        <translation>{0}: Condition {1} hat einen leeren Schlüsselnamen</translation>
    </message>
    <message>
        <source>{0} must have at least one value</source>
        <translation>{0} muss mindestens einen Wert haben</translation>
    </message>
    <message>
        <source>{0} must be an object, got {1}</source>
        <translation>{0} muss ein Objekt sein, gefunden: {1}</translation>
    </message>
    <message>
        <source>{0}: Sid must be a string, got {1}</source>
        <translation>{0}: Sid muss eine Zeichenkette sein, gefunden: {1}</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>{0}: unknown element {1}</source>
        <translation>{0}: unbekanntes Element {1}</translation>
    </message>
    <message>
        <source>{0}: Effect must be Allow or Deny, got {1}</source>
        <translation>{0}: Effect muss Allow oder Deny sein, gefunden: {1}</translation>
    </message>
    <message>
        <source>Policy text must be a string, got {0}</source>
        <translation>Der Richtlinientext muss eine Zeichenkette sein, gefunden: {0}</translation>
    </message>
    <message>
        <source>Invalid JSON at line {0} column {1}: {2}</source>
        <translation>Ungültiges JSON in Zeile {0}, Spalte {1}: {2}</translation>
    </message>
    <message>
        <source>Invalid JSON: {0}</source>
        <translation>Ungültiges JSON: {0}</translation>
    </message>
    <message>
        <source>Policy must be a JSON object, got {0}</source>
        <translation>Die Richtlinie muss ein JSON-Objekt sein, gefunden: {0}</translation>
    </message>
    <message>
        <source>Unknown policy element {0}</source>
        <translation>Unbekanntes Richtlinienelement {0}</translation>
    </message>
    <message>
        <source>Version must be {0} or {1}, got {2}</source>
        <translation>Version muss {0} oder {1} sein, gefunden: {2}</translation>
    </message>
    <message>
        <source>Id must be a string, got {0}</source>
        <translation>Id muss eine Zeichenkette sein, gefunden: {0}</translation>
    </message>
    <message>
        <source>Policy has no Statement</source>
        <translation>Die Richtlinie hat kein Statement</translation>
    </message>
    <message>
        <source>Statement must be an object or a list of objects, got {0}</source>
        <translation>Statement muss ein Objekt oder eine Liste von Objekten sein, gefunden: {0}</translation>
    </message>
    <message>
        <source>Statement {0}</source>
        <translation>Statement {0}</translation>
    </message>
    <message>
        <source>The keyring could not be read for the profile {0}: {1}</source>
        <translation>Der Schlüsselbund konnte für das Profil {0} nicht gelesen werden: {1}</translation>
    </message>
    <message>
        <source>The web identity token file {0} (${1}) cannot be read: {2}.</source>
        <translation>Die Web-Identity-Token-Datei {0} (${1}) kann nicht gelesen werden: {2}.</translation>
    </message>
    <message>
        <source>The web identity token file {0} (${1}) does not hold a token (it is not text).</source>
        <translation>Die Web-Identity-Token-Datei {0} (${1}) enthält kein Token (sie ist kein Text).</translation>
    </message>
    <message>
        <source>The web identity token file {0} (${1}) is empty.</source>
        <translation>Die Web-Identity-Token-Datei {0} (${1}) ist leer.</translation>
    </message>
    <message>
        <source>Enter your directory user name in the connection profile.</source>
        <translation>Geben Sie Ihren Benutzernamen im Verzeichnis im Verbindungsprofil ein.</translation>
    </message>
    <message>
        <source>Enter your directory password.</source>
        <translation>Geben Sie Ihr Verzeichnispasswort ein.</translation>
    </message>
    <message>
        <source>Sign-in was cancelled.</source>
        <translation>Die Anmeldung wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The identity provider at {0} could not be reached ({1}).</source>
        <translation>Der Identitätsanbieter unter {0} war nicht erreichbar ({1}).</translation>
    </message>
    <message>
        <source>The identity provider at {0} answered HTTP {1} for its {2}. Check the issuer URL.</source>
        <translation>Der Identitätsanbieter unter {0} hat für {2} mit HTTP {1} geantwortet. Prüfen Sie die Aussteller-URL.</translation>
    </message>
    <message>
        <source>The address {0} does not answer like an OpenID provider ({1} is not JSON). Check the issuer URL.</source>
        <translation>Die Adresse {0} antwortet nicht wie ein OpenID-Anbieter ({1} ist kein JSON). Prüfen Sie die Aussteller-URL.</translation>
    </message>
    <message>
        <source>discovery document</source>
        <translation>Discovery-Dokument</translation>
    </message>
    <message>
        <source>The address {0} does not answer like an OpenID provider.</source>
        <translation>Die Adresse {0} antwortet nicht wie ein OpenID-Anbieter.</translation>
    </message>
    <message>
        <source>The identity provider at {0} calls itself &apos;{1}&apos;. The profile&apos;s issuer must be exactly the provider&apos;s own (tokens name it).</source>
        <translation>Der Identitätsanbieter unter {0} nennt sich &apos;{1}&apos;. Der Aussteller im Profil muss genau der des Anbieters sein (Tokens nennen ihn).</translation>
    </message>
    <message>
        <source>The identity provider at {0} does not name its {1}.</source>
        <translation>Der Identitätsanbieter unter {0} nennt seinen Eintrag {1} nicht.</translation>
    </message>
    <message>
        <source>Sign-in was refused at the identity provider (access denied). Nothing was changed.</source>
        <translation>Die Anmeldung wurde beim Identitätsanbieter abgelehnt (Zugriff verweigert). Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>The identity provider did not sign you in: {0}.</source>
        <translation>Der Identitätsanbieter hat Sie nicht angemeldet: {0}.</translation>
    </message>
    <message>
        <source>The answer that came back to the app does not belong to this sign-in (its state differs). Sign in again.</source>
        <translation>Die Antwort an die App gehört nicht zu dieser Anmeldung (ihr state weicht ab). Melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The identity provider sent no authorization code back.</source>
        <translation>Der Identitätsanbieter hat keinen Autorisierungscode zurückgeschickt.</translation>
    </message>
    <message>
        <source>The identity provider refused to give the tokens for this sign-in.</source>
        <translation>Der Identitätsanbieter hat die Tokens für diese Anmeldung verweigert.</translation>
    </message>
    <message>
        <source>The identity provider at {0} could not be reached to renew the sign-in.</source>
        <translation>Der Identitätsanbieter unter {0} war zum Erneuern der Anmeldung nicht erreichbar.</translation>
    </message>
    <message>
        <source>The identity provider no longer accepts the kept sign-in. Sign in again.</source>
        <translation>Der Identitätsanbieter akzeptiert die gespeicherte Anmeldung nicht mehr. Melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The identity provider gave no ID token: the profile&apos;s scopes must include &apos;openid&apos;.</source>
        <translation>Der Identitätsanbieter hat kein ID-Token geliefert: Die Scopes des Profils müssen &apos;openid&apos; enthalten.</translation>
    </message>
    <message>
        <source>signing keys</source>
        <translation>Signaturschlüssel</translation>
    </message>
    <message>
        <source>The signing keys of {0} could not be read.</source>
        <translation>Die Signaturschlüssel von {0} konnten nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The ID token&apos;s signature does not match the identity provider&apos;s keys.</source>
        <translation>Die Signatur des ID-Tokens passt nicht zu den Schlüsseln des Identitätsanbieters.</translation>
    </message>
    <message>
        <source>The ID token was made for another application (azp).</source>
        <translation>Das ID-Token wurde für eine andere Anwendung ausgestellt (azp).</translation>
    </message>
    <message>
        <source>The ID token names another issuer than the profile&apos;s.</source>
        <translation>Das ID-Token nennt einen anderen Aussteller als das Profil.</translation>
    </message>
    <message>
        <source>The ID token was made for another client id than the profile&apos;s.</source>
        <translation>Das ID-Token wurde für eine andere Client-ID als die des Profils ausgestellt.</translation>
    </message>
    <message>
        <source>The ID token does not belong to this sign-in (its nonce differs). Sign in again.</source>
        <translation>Das ID-Token gehört nicht zu dieser Anmeldung (seine Nonce weicht ab). Melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The ID token is not acceptable ({0}).</source>
        <translation>Das ID-Token ist nicht annehmbar ({0}).</translation>
    </message>
    <message>
        <source>No web browser could be opened for the sign-in.</source>
        <translation>Für die Anmeldung konnte kein Webbrowser geöffnet werden.</translation>
    </message>
    <message>
        <source>There is no sign-in to renew.</source>
        <translation>Es gibt keine Anmeldung zum Erneuern.</translation>
    </message>
    <message>
        <source>The temporary keys could not be renewed.</source>
        <translation>Die temporären Schlüssel konnten nicht erneuert werden.</translation>
    </message>
    <message>
        <source>The storage server at {0} could not be reached to exchange the sign-in for keys.</source>
        <translation>Der Speicherserver unter {0} war nicht erreichbar, um die Anmeldung gegen Schlüssel zu tauschen.</translation>
    </message>
    <message>
        <source>The storage server at {0} gave an answer that holds no keys.</source>
        <translation>Der Speicherserver unter {0} hat eine Antwort ohne Schlüssel gegeben.</translation>
    </message>
    <message>
        <source>The storage server at {0} does not offer sign-in with an identity provider (no STS API there).</source>
        <translation>Der Speicherserver unter {0} bietet keine Anmeldung über einen Identitätsanbieter an (dort gibt es keine STS-API).</translation>
    </message>
    <message>
        <source>The storage server at {0} refused the sign-in ({1}): {2}.</source>
        <translation>Der Speicherserver unter {0} hat die Anmeldung abgelehnt ({1}): {2}.</translation>
    </message>
    <message>
        <source>The school directory did not accept the user name &apos;{0}&apos; with this password. Check both and try again.</source>
        <translation>Das Schulverzeichnis hat den Benutzernamen &apos;{0}&apos; mit diesem Passwort nicht akzeptiert. Prüfen Sie beides und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The storage server at {0} does not let &apos;{1}&apos; take that role (the role&apos;s trust policy does not name you). Check the profile&apos;s role ARN or ask the administrator.</source>
        <translation>Der Speicherserver unter {0} lässt &apos;{1}&apos; diese Rolle nicht übernehmen (die Vertrauensrichtlinie der Rolle nennt Sie nicht). Prüfen Sie den Rollen-ARN im Profil oder fragen Sie den Administrator.</translation>
    </message>
    <message>
        <source>The storage server at {0} needs a role for a directory sign-in: enter the role ARN in the connection profile.</source>
        <translation>Der Speicherserver unter {0} braucht für eine Verzeichnisanmeldung eine Rolle: Geben Sie den Rollen-ARN im Verbindungsprofil ein.</translation>
    </message>
    <message>
        <source>The storage server at {0} does not offer sign-in with a directory account (no LDAP provider is configured there).</source>
        <translation>Der Speicherserver unter {0} bietet keine Anmeldung mit einem Verzeichniskonto an (dort ist kein LDAP-Anbieter eingerichtet).</translation>
    </message>
    <message>
        <source>bucket policies</source>
        <translation>Bucket-Richtlinien</translation>
    </message>
    <message>
        <source>This server supports bucket policies.</source>
        <translation>Dieser Server unterstützt Bucket-Richtlinien.</translation>
    </message>
    <message>
        <source>This server does not support bucket policies.</source>
        <translation>Dieser Server unterstützt keine Bucket-Richtlinien.</translation>
    </message>
    <message>
        <source>create-only uploads</source>
        <translation>Uploads nur zum Anlegen</translation>
    </message>
    <message>
        <source>This server refuses an upload over an existing object when asked to.</source>
        <translation>Dieser Server lehnt auf Wunsch einen Upload über ein vorhandenes Objekt ab.</translation>
    </message>
    <message>
        <source>This server ignores create-only uploads (If-None-Match): the app checks that the name is free right before each upload and that its bytes are the ones stored after it.</source>
        <translation>Dieser Server ignoriert Uploads nur zum Anlegen (If-None-Match): Die App prüft direkt vor jedem Upload, dass der Name frei ist, und danach, dass die gespeicherten Bytes die hochgeladenen sind.</translation>
    </message>
    <message>
        <source>upload checksums</source>
        <translation>Upload-Prüfsummen</translation>
    </message>
    <message>
        <source>This server checks upload checksums (CRC32) and answers them.</source>
        <translation>Dieser Server prüft Upload-Prüfsummen (CRC32) und gibt sie zurück.</translation>
    </message>
    <message>
        <source>This server does not answer upload checksums: uploads are checked by their MD5 instead.</source>
        <translation>Dieser Server gibt keine Upload-Prüfsummen zurück: Uploads werden stattdessen über ihren MD5 geprüft.</translation>
    </message>
    <message>
        <source>incomplete uploads</source>
        <translation>unvollständige Uploads</translation>
    </message>
    <message>
        <source>This server lists incomplete multipart uploads.</source>
        <translation>Dieser Server listet unvollständige mehrteilige Uploads auf.</translation>
    </message>
    <message>
        <source>This server does not list incomplete multipart uploads: they cannot be found or cleaned up here.</source>
        <translation>Dieser Server listet keine unvollständigen mehrteiligen Uploads auf: Sie können hier weder gefunden noch aufgeräumt werden.</translation>
    </message>
    <message>
        <source>versioning</source>
        <translation>Versionierung</translation>
    </message>
    <message>
        <source>This server supports bucket versioning.</source>
        <translation>Dieser Server unterstützt die Versionierung von Buckets.</translation>
    </message>
    <message>
        <source>This server does not support bucket versioning.</source>
        <translation>Dieser Server unterstützt keine Versionierung von Buckets.</translation>
    </message>
    <message>
        <source>lifecycle rules</source>
        <translation>Lebenszyklusregeln</translation>
    </message>
    <message>
        <source>This server supports lifecycle rules.</source>
        <translation>Dieser Server unterstützt Lebenszyklusregeln.</translation>
    </message>
    <message>
        <source>This server does not support lifecycle rules.</source>
        <translation>Dieser Server unterstützt keine Lebenszyklusregeln.</translation>
    </message>
    <message>
        <source>delete conditions</source>
        <translation>Löschbedingungen</translation>
    </message>
    <message>
        <source>This server deletes an object only while it is the one the app saw.</source>
        <translation>Dieser Server löscht ein Objekt nur, solange es das ist, das die App gesehen hat.</translation>
    </message>
    <message>
        <source>This server ignores delete conditions: the app looks at each object right before deleting it.</source>
        <translation>Dieser Server ignoriert Löschbedingungen: Die App sieht sich jedes Objekt direkt vor dem Löschen an.</translation>
    </message>
    <message>
        <source>conditional replace</source>
        <translation>bedingtes Ersetzen</translation>
    </message>
    <message>
        <source>This server replaces an object only while it is the one the app saw.</source>
        <translation>Dieser Server ersetzt ein Objekt nur, solange es das ist, das die App gesehen hat.</translation>
    </message>
    <message>
        <source>This server ignores If-Match on uploads: the app looks at an object right before replacing it.</source>
        <translation>Dieser Server ignoriert If-Match bei Uploads: Die App sieht sich ein Objekt direkt vor dem Ersetzen an.</translation>
    </message>
    <message>
        <source>SHA-256 upload checksums</source>
        <translation>SHA-256-Upload-Prüfsummen</translation>
    </message>
    <message>
        <source>This server takes the SHA-256 checksums of uploads and keeps them.</source>
        <translation>Dieser Server nimmt die SHA-256-Prüfsummen von Uploads an und speichert sie.</translation>
    </message>
    <message>
        <source>This server does not take SHA-256 checksums of uploads: single uploads are sent without one and checked by their ETag (the MD5 of the bytes) instead.</source>
        <translation>Dieser Server nimmt keine SHA-256-Prüfsummen von Uploads an: Einzelne Uploads werden ohne sie gesendet und stattdessen über ihr ETag (den MD5 der Bytes) geprüft.</translation>
    </message>
    <message>
        <source>s3://{0}/{1} changed since it was chosen; nothing was copied.</source>
        <translation>s3://{0}/{1} hat sich geändert, seit es ausgewählt wurde; nichts wurde kopiert.</translation>
    </message>
    <message>
        <source>The copy at s3://{0}/{1} differs from its source s3://{2}/{3} (the source changed while it was copied).</source>
        <translation>Die Kopie unter s3://{0}/{1} weicht von ihrer Quelle s3://{2}/{3} ab (die Quelle hat sich während des Kopierens geändert).</translation>
    </message>
    <message>
        <source>s3://{0}/{1} already exists; it was kept and nothing was copied.</source>
        <translation>s3://{0}/{1} existiert bereits; es wurde behalten und nichts wurde kopiert.</translation>
    </message>
    <message>
        <source>s3://{0}/{1} already exists.</source>
        <translation>s3://{0}/{1} existiert bereits.</translation>
    </message>
    <message>
        <source>{0} was deleted right after it was uploaded; upload it again.</source>
        <translation>{0} wurde direkt nach dem Hochladen gelöscht; laden Sie es erneut hoch.</translation>
    </message>
    <message>
        <source>{0} was replaced by another upload right after this one; check which one to keep.</source>
        <translation>{0} wurde direkt nach diesem Upload durch einen anderen ersetzt; prüfen Sie, welcher behalten werden soll.</translation>
    </message>
    <message>
        <source>{0} The server may have begun the upload of {1} anyway, and this cannot be checked here, so it was not tried again.</source>
        <translation>{0} Der Server hat den Upload von {1} womöglich trotzdem begonnen; das lässt sich hier nicht prüfen, daher wurde es nicht erneut versucht.</translation>
    </message>
    <message>
        <source>{0} changed during the upload; upload it again.</source>
        <translation>{0} hat sich während des Uploads geändert; laden Sie es erneut hoch.</translation>
    </message>
    <message>
        <source>{0} in {1} is a link or not a regular file, so the download will not write to it (its target is left untouched). Remove {2} and download again.</source>
        <translation>{0} in {1} ist ein Link oder keine normale Datei, daher schreibt der Download nicht hinein (sein Ziel bleibt unberührt). Entfernen Sie {2} und laden Sie erneut herunter.</translation>
    </message>
    <message>
        <source>Cannot write to {0}: {1}.</source>
        <translation>In {0} kann nicht geschrieben werden: {1}.</translation>
    </message>
    <message>
        <source>The download of {0} is incomplete ({1} of {2} bytes).</source>
        <translation>Der Download von {0} ist unvollständig ({1} von {2} Bytes).</translation>
    </message>
    <message>
        <source>{0} disappeared during the upload.</source>
        <translation>{0} ist während des Uploads verschwunden.</translation>
    </message>
    <message>
        <source>The recording changed on the server while it was being played.</source>
        <translation>Die Aufnahme hat sich auf dem Server geändert, während sie abgespielt wurde.</translation>
    </message>
    <message>
        <source>The recording was closed.</source>
        <translation>Die Aufnahme wurde geschlossen.</translation>
    </message>
    <message>
        <source>The recording could not be read.</source>
        <translation>Die Aufnahme konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>A link must be valid for at least one second.</source>
        <translation>Ein Link muss mindestens eine Sekunde gültig sein.</translation>
    </message>
    <message>
        <source>A link can be valid for at most 7 days (the S3 limit).</source>
        <translation>Ein Link kann höchstens 7 Tage gültig sein (die Grenze von S3).</translation>
    </message>
    <message>
        <source>Your sign-in has expired: sign in again to make a link.</source>
        <translation>Ihre Anmeldung ist abgelaufen: Melden Sie sich erneut an, um einen Link zu erstellen.</translation>
    </message>
    <message>
        <source>A byte range cannot be negative.</source>
        <translation>Ein Bytebereich kann nicht negativ sein.</translation>
    </message>
    <message>
        <source>The server sent a page of the listing larger than {0} MiB, which no S3 server sends; the listing stopped.</source>
        <translation>Der Server hat eine Seite der Auflistung gesendet, die größer als {0} MiB ist, was kein S3-Server tut; die Auflistung wurde angehalten.</translation>
    </message>
    <message>
        <source>sent a continuation token again</source>
        <translation>hat ein Fortsetzungstoken erneut gesendet</translation>
    </message>
    <message>
        <source>sent the same page again</source>
        <translation>hat dieselbe Seite erneut gesendet</translation>
    </message>
    <message>
        <source>s3://{0}/{1} changed since you chose to replace it; it was kept and the new file was not uploaded.</source>
        <translation>s3://{0}/{1} hat sich geändert, seit Sie es zum Ersetzen gewählt haben; es wurde behalten und die neue Datei nicht hochgeladen.</translation>
    </message>
    <message>
        <source>Versions belong to an object, not a folder.</source>
        <translation>Versionen gehören zu einem Objekt, nicht zu einem Ordner.</translation>
    </message>
    <message>
        <source>A version must be named by its id to be deleted permanently.</source>
        <translation>Eine Version muss über ihre ID benannt werden, um endgültig gelöscht zu werden.</translation>
    </message>
    <message numerus="yes">
        <source>No answer came back from the browser within {0} minutes. If the sign-in tab was closed, sign in again.</source>
        <comment>plural</comment>
        <translation>
            <numerusform>Vom Browser kam innerhalb von {0} Minute keine Antwort. Wenn der Anmelde-Tab geschlossen wurde, melden Sie sich erneut an.</numerusform>
            <numerusform>Vom Browser kam innerhalb von {0} Minuten keine Antwort. Wenn der Anmelde-Tab geschlossen wurde, melden Sie sich erneut an.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The ID token has expired by this computer&apos;s clock ({0} minutes). Check that the clock and time zone of this computer are right, then sign in again.</source>
        <comment>plural</comment>
        <translation>
            <numerusform>Das ID-Token ist nach der Uhr dieses Computers abgelaufen ({0} Minute). Prüfen Sie Uhrzeit und Zeitzone dieses Computers und melden Sie sich dann erneut an.</numerusform>
            <numerusform>Das ID-Token ist nach der Uhr dieses Computers abgelaufen ({0} Minuten). Prüfen Sie Uhrzeit und Zeitzone dieses Computers und melden Sie sich dann erneut an.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The ID token was issued in the future by this computer&apos;s clock ({0} minutes). Check that the clock and time zone of this computer are right, then sign in again.</source>
        <comment>plural</comment>
        <translation>
            <numerusform>Das ID-Token wurde nach der Uhr dieses Computers in der Zukunft ausgestellt ({0} Minute). Prüfen Sie Uhrzeit und Zeitzone dieses Computers und melden Sie sich dann erneut an.</numerusform>
            <numerusform>Das ID-Token wurde nach der Uhr dieses Computers in der Zukunft ausgestellt ({0} Minuten). Prüfen Sie Uhrzeit und Zeitzone dieses Computers und melden Sie sich dann erneut an.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The ID token is not valid yet by this computer&apos;s clock ({0} minutes). Check that the clock and time zone of this computer are right, then sign in again.</source>
        <comment>plural</comment>
        <translation>
            <numerusform>Das ID-Token ist nach der Uhr dieses Computers noch nicht gültig ({0} Minute). Prüfen Sie Uhrzeit und Zeitzone dieses Computers und melden Sie sich dann erneut an.</numerusform>
            <numerusform>Das ID-Token ist nach der Uhr dieses Computers noch nicht gültig ({0} Minuten). Prüfen Sie Uhrzeit und Zeitzone dieses Computers und melden Sie sich dann erneut an.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Connected: {0} buckets readable.</source>
        <comment>plural</comment>
        <translation>
            <numerusform>Verbunden: {0} Bucket lesbar.</numerusform>
            <numerusform>Verbunden: {0} Buckets lesbar.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0} {1} other buckets are visible.</source>
        <comment>plural</comment>
        <translation>
            <numerusform>{0} {1} weiterer Bucket ist sichtbar.</numerusform>
            <numerusform>{0} {1} weitere Buckets sind sichtbar.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0} days</source>
        <comment>plural</comment>
        <translation>
            <numerusform>{0} Tag</numerusform>
            <numerusform>{0} Tage</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the newest {0} noncurrent versions are kept</source>
        <comment>plural</comment>
        <translation>
            <numerusform>{0} neueste frühere Version wird behalten</numerusform>
            <numerusform>{0} neueste frühere Versionen werden behalten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The server {0} after {1} pages of the listing, which would never end; the listing stopped and may be incomplete.</source>
        <comment>plural</comment>
        <translation>
            <numerusform>Der Server {0} nach {1} Seite der Auflistung, die nie enden würde; die Auflistung wurde angehalten und ist vielleicht unvollständig.</numerusform>
            <numerusform>Der Server {0} nach {1} Seiten der Auflistung, die nie enden würde; die Auflistung wurde angehalten und ist vielleicht unvollständig.</numerusform>
        </translation>
    </message>
    <message>
        <source>only objects tagged {0}={1}</source>
        <extracomment>answers of a server that took a bucket sub-resource request for one about the bucket itself</extracomment>
        <translation>nur Objekte mit dem Tag {0}={1}</translation>
    </message>
    <message>
        <source>only objects tagged {0}</source>
        <translation>nur Objekte mit den Tags {0}</translation>
    </message>
    <message>
        <source>only objects larger than {0} bytes</source>
        <translation>nur Objekte größer als {0} Bytes</translation>
    </message>
    <message>
        <source>only objects smaller than {0} bytes</source>
        <translation>nur Objekte kleiner als {0} Bytes</translation>
    </message>
    <message>
        <source>current objects expire on {0}</source>
        <translation>aktuelle Objekte verfallen am {0}</translation>
    </message>
    <message>
        <source>delete markers without older versions are removed</source>
        <translation>Löschmarkierungen ohne ältere Versionen werden entfernt</translation>
    </message>
    <message>
        <source>objects move to the {0} storage class</source>
        <translation>Objekte wechseln in die Speicherklasse {0}</translation>
    </message>
    <message>
        <source>noncurrent versions move to the {0} storage class</source>
        <translation>frühere Versionen wechseln in die Speicherklasse {0}</translation>
    </message>
    <message>
        <source>The upload of {0} was not completed: the answer to its completion was lost, and the server has neither the upload (it may have been aborted elsewhere) nor an object there. Upload the file again.</source>
        <translation>Der Upload von {0} wurde nicht abgeschlossen: Die Antwort auf seinen Abschluss ging verloren, und der Server hat weder den Upload (er wurde womöglich anderswo abgebrochen) noch ein Objekt an dieser Stelle. Laden Sie die Datei erneut hoch.</translation>
    </message>
    <message>
        <source>The answer to the completion of the upload of {0} was lost, and the object there now is not this file (another upload may have replaced it). It was left as it is; check which one to keep.</source>
        <translation>Die Antwort auf den Abschluss des Uploads von {0} ging verloren, und das Objekt, das jetzt dort liegt, ist nicht diese Datei (ein anderer Upload hat es womöglich ersetzt). Es wurde unverändert gelassen; prüfen Sie, welches behalten werden soll.</translation>
    </message>
    <message>
        <source>The answer to the completion of the upload of {0} was lost. The object may have been stored, but the server&apos;s answers cannot prove it is this file (an encrypted object, or a server that computes ETags differently). Check it before relying on it.</source>
        <translation>Die Antwort auf den Abschluss des Uploads von {0} ging verloren. Das Objekt wurde womöglich gespeichert, aber die Antworten des Servers können nicht belegen, dass es diese Datei ist (ein verschlüsseltes Objekt oder ein Server, der ETags anders berechnet). Prüfen Sie es, bevor Sie sich darauf verlassen.</translation>
    </message>
</context>
<context>
    <name>AccessTab</name>
    <message>
        <source>Key or prefix</source>
        <translation>Schlüssel oder Präfix</translation>
    </message>
    <message>
        <source>key, or prefix ending in / (empty: the whole bucket)</source>
        <translation>Schlüssel oder Präfix mit / am Ende (leer: der ganze Bucket)</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Anonymous (anyone on the internet)</source>
        <translation>Anonym (jeder im Internet)</translation>
    </message>
    <message>
        <source>The connected user</source>
        <translation>Der verbundene Benutzer</translation>
    </message>
    <message>
        <source>Another principal…</source>
        <translation>Anderer Principal…</translation>
    </message>
    <message>
        <source>user name or ARN, e.g. ensure-study</source>
        <translation>Benutzername oder ARN, z. B. ensure-study</translation>
    </message>
    <message>
        <source>User name or ARN</source>
        <translation>Benutzername oder ARN</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Key or prefix:</source>
        <translation>Schlüssel oder Präfix:</translation>
    </message>
    <message>
        <source>Who:</source>
        <translation>Wer:</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Bucket policy</source>
        <translation>Bucket-Richtlinie</translation>
    </message>
    <message>
        <source>Server (unsigned request)</source>
        <translation>Server (unsignierte Anfrage)</translation>
    </message>
    <message>
        <source>Access by operation</source>
        <translation>Zugriff nach Vorgang</translation>
    </message>
    <message>
        <source>&lt;b&gt;Why&lt;/b&gt;</source>
        <translation>&lt;b&gt;Warum&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The server could not be asked: {0}</source>
        <translation>Der Server konnte nicht gefragt werden: {0}</translation>
    </message>
    <message>
        <source>Reading the policy of {0}…</source>
        <translation>Die Richtlinie von {0} wird gelesen…</translation>
    </message>
    <message>
        <source>allowed</source>
        <translation>erlaubt</translation>
    </message>
    <message>
        <source>denied (explicit Deny)</source>
        <translation>verweigert (ausdrückliches Deny)</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>verweigert</translation>
    </message>
    <message>
        <source>not granted here</source>
        <translation>hier nicht gewährt</translation>
    </message>
    <message>
        <source>anyone (anonymous)</source>
        <translation>jeder (anonym)</translation>
    </message>
    <message>
        <source>Answers for {0} on s3://{1}/{2}.</source>
        <translation>Antworten für {0} auf s3://{1}/{2}.</translation>
    </message>
    <message>
        <source>No object was found under this prefix; a new object named {0} stands for any object there.</source>
        <translation>Unter diesem Präfix wurde kein Objekt gefunden; ein neues Objekt namens {0} steht für jedes Objekt dort.</translation>
    </message>
    <message>
        <source>The server column is what an unsigned (anonymous) request gets; a user&apos;s own permissions are not visible to the bucket policy.</source>
        <translation>Die Spalte „Server“ zeigt, was eine unsignierte (anonyme) Anfrage erhält; die eigenen Berechtigungen eines Benutzers sind für die Bucket-Richtlinie nicht sichtbar.</translation>
    </message>
    <message>
        <source>not tried (it would change data)</source>
        <translation>nicht versucht (es würde Daten ändern)</translation>
    </message>
    <message>
        <source>asking…</source>
        <translation>wird gefragt…</translation>
    </message>
    <message>
        <source>unclear</source>
        <translation>unklar</translation>
    </message>
    <message>
        <source>(differs from the policy)</source>
        <translation>(weicht von der Richtlinie ab)</translation>
    </message>
</context>
<context>
    <name>ApplyPolicyDialog</name>
    <message>
        <source>Apply the expected policy to {0}</source>
        <translation>Die erwartete Richtlinie auf {0} anwenden</translation>
    </message>
    <message>
        <source>The live policy of &lt;b&gt;{0}&lt;/b&gt; will be replaced by the one the schema expects. Lines starting with − are removed, lines starting with + are added (canonical JSON, so only differences in meaning show).</source>
        <translation>Die aktive Richtlinie von &lt;b&gt;{0}&lt;/b&gt; wird durch die vom Schema erwartete ersetzt. Zeilen mit − am Anfang werden entfernt, Zeilen mit + am Anfang hinzugefügt (kanonisches JSON, daher zeigen sich nur inhaltliche Unterschiede).</translation>
    </message>
    <message>
        <source>&lt;b&gt;The policy of {0} was changed by someone else since the difference was shown; nothing was written.&lt;/b&gt; This is the difference now.</source>
        <translation>&lt;b&gt;Die Richtlinie von {0} wurde von jemand anderem geändert, seit der Unterschied angezeigt wurde; es wurde nichts geschrieben.&lt;/b&gt; Dies ist der Unterschied jetzt.</translation>
    </message>
    <message>
        <source>Changes to the policy</source>
        <translation>Änderungen an der Richtlinie</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
</context>
<context>
    <name>ApplyRulesDialog</name>
    <message>
        <source>Apply the expected lifecycle rules to {0}</source>
        <extracomment>Text colour of a bucket&apos;s versioning state.</extracomment>
        <translation>Die erwarteten Lebenszyklusregeln auf {0} anwenden</translation>
    </message>
    <message>
        <source>Changes to the lifecycle rules</source>
        <translation>Änderungen an den Lebenszyklusregeln</translation>
    </message>
    <message>
        <source>The lifecycle rules of &lt;b&gt;{0}&lt;/b&gt; will be replaced by the ones the schema expects: the server then removes what they name, by itself, every day. Lines starting with − are removed, lines starting with + are added (one line per rule, saying what it does).</source>
        <translation>Die Lebenszyklusregeln von &lt;b&gt;{0}&lt;/b&gt; werden durch die vom Schema erwarteten ersetzt: Der Server entfernt dann selbstständig jeden Tag, was sie nennen. Zeilen mit − am Anfang werden entfernt, Zeilen mit + am Anfang hinzugefügt (eine Zeile je Regel, die sagt, was sie tut).</translation>
    </message>
    <message>
        <source>&lt;b&gt;The rules of {0} were changed by someone else since the difference was shown; nothing was written.&lt;/b&gt; This is the difference now.</source>
        <translation>&lt;b&gt;Die Regeln von {0} wurden von jemand anderem geändert, seit der Unterschied angezeigt wurde; es wurde nichts geschrieben.&lt;/b&gt; Dies ist der Unterschied jetzt.</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>{0} ran into a problem</source>
        <translation>{0} ist auf ein Problem gestoßen</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Your data on the server is safe; unfinished transfers are kept in the journal. Please copy the report below and send it to support.</source>
        <translation>Etwas Unerwartetes ist schiefgegangen. Ihre Daten auf dem Server sind sicher; nicht abgeschlossene Übertragungen bleiben im Journal erhalten. Bitte kopieren Sie den Bericht unten und senden Sie ihn an den Support.</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>Bericht kopieren</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation>Nichts ausgewählt</translation>
    </message>
    <message>
        <source>Select an item to see its details.</source>
        <translation>Wählen Sie einen Eintrag, um seine Details zu sehen.</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>{0} ({1} bytes)</source>
        <translation>{0} ({1} Bytes)</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Problems found</source>
        <translation>Gefundene Probleme</translation>
    </message>
</context>
<context>
    <name>DriftTab</name>
    <message>
        <source>Check all buckets</source>
        <translation>Alle Buckets prüfen</translation>
    </message>
    <message>
        <source>Apply expected policy…</source>
        <translation>Erwartete Richtlinie anwenden…</translation>
    </message>
    <message>
        <source>Replace the selected bucket&apos;s policy with the schema&apos;s, after showing the difference</source>
        <translation>Die Richtlinie des ausgewählten Buckets durch die des Schemas ersetzen, nachdem der Unterschied gezeigt wurde</translation>
    </message>
    <message>
        <source>Bucket</source>
        <translation>Bucket</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Befund</translation>
    </message>
    <message>
        <source>Schema drift findings</source>
        <translation>Befunde zu Schema-Abweichungen</translation>
    </message>
    <message>
        <source>Checking the bucket policies…</source>
        <translation>Die Bucket-Richtlinien werden geprüft…</translation>
    </message>
    <message>
        <source>The check failed: {0}</source>
        <translation>Die Prüfung ist fehlgeschlagen: {0}</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>The live policy means what the schema expects; the server agrees.</source>
        <translation>Die aktive Richtlinie bedeutet, was das Schema erwartet; der Server stimmt zu.</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>The bucket does not exist.</source>
        <translation>Der Bucket existiert nicht.</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>no policies</source>
        <translation>keine Richtlinien</translation>
    </message>
    <message>
        <source>policy: {0}</source>
        <translation>Richtlinie: {0}</translation>
    </message>
    <message>
        <source>server answer</source>
        <translation>Antwort des Servers</translation>
    </message>
    <message>
        <source>{0} is not one of the schema&apos;s buckets.</source>
        <translation>{0} ist keiner der Buckets des Schemas.</translation>
    </message>
    <message>
        <source>Run the check first to see what would change.</source>
        <translation>Führen Sie zuerst die Prüfung aus, um zu sehen, was sich ändern würde.</translation>
    </message>
    <message>
        <source>The bucket {0} does not exist.</source>
        <translation>Der Bucket {0} existiert nicht.</translation>
    </message>
    <message>
        <source>The policy of {0} already means what the schema expects.</source>
        <translation>Die Richtlinie von {0} bedeutet bereits, was das Schema erwartet.</translation>
    </message>
    <message>
        <source>Setting the expected policy on {0}…</source>
        <translation>Die erwartete Richtlinie wird auf {0} gesetzt…</translation>
    </message>
    <message>
        <source>The expected policy is set on {0}.</source>
        <translation>Die erwartete Richtlinie ist auf {0} gesetzt.</translation>
    </message>
</context>
<context>
    <name>ImageView</name>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Fit the image to the window</source>
        <translation>Das Bild an das Fenster anpassen</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>100%</source>
        <translation>100 %</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>Originalgröße</translation>
    </message>
    <message>
        <source>{0} × {1} px · {2}%</source>
        <translation>{0} × {1} px · {2} %</translation>
    </message>
</context>
<context>
    <name>JsonView</name>
    <message>
        <source>JSON tree</source>
        <translation>JSON-Baum</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Raw JSON</source>
        <translation>JSON-Rohtext</translation>
    </message>
    <message>
        <source>Tree</source>
        <translation>Baum</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>Roh</translation>
    </message>
    <message>
        <source>… {0} more</source>
        <translation>… {0} weitere</translation>
    </message>
    <message>
        <source>See the Raw tab for all of them.</source>
        <translation>Alle zeigt der Reiter „Roh“.</translation>
    </message>
    <message>
        <source>{0} keys</source>
        <translation>{0} Schlüssel</translation>
    </message>
    <message>
        <source>{0} items</source>
        <translation>{0} Einträge</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Sections</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>s3://bucket/prefix</source>
        <translation>s3://bucket/präfix</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>An s3:// address to go to; press Enter to open it</source>
        <translation>Eine s3://-Adresse, zu der gewechselt wird; drücken Sie die Eingabetaste, um sie zu öffnen</translation>
    </message>
    <message>
        <source>Details and versions</source>
        <translation>Details und Versionen</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Adresse:</translation>
    </message>
    <message>
        <source>More tools</source>
        <translation>Weitere Werkzeuge</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Go to location</source>
        <translation>Zur Adresse wechseln</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>&amp;Über</translation>
    </message>
    <message>
        <source>About {0}</source>
        <translation>Über {0}</translation>
    </message>
    <message>
        <source>&lt;h3&gt;{0} {1}&lt;/h3&gt;&lt;p&gt;Browse and manage the Ensure Study object storage.&lt;/p&gt;&lt;p&gt;Qt {2} · PySide6 {3} · minio {4}&lt;/p&gt;&lt;p&gt;Licence: MIT&lt;/p&gt;</source>
        <translation>&lt;h3&gt;{0} {1}&lt;/h3&gt;&lt;p&gt;Den Objektspeicher von Ensure Study durchsuchen und verwalten.&lt;/p&gt;&lt;p&gt;Qt {2} · PySide6 {3} · minio {4}&lt;/p&gt;&lt;p&gt;Lizenz: MIT&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Connecting to {0}…</source>
        <translation>Verbindung zu {0} wird hergestellt…</translation>
    </message>
    <message>
        <source>Connected to {0} ({1}) as {2}</source>
        <translation>Verbunden mit {0} ({1}) als {2}</translation>
    </message>
    <message>
        <source>Could not connect to {0}: {1}</source>
        <translation>Verbindung zu {0} nicht möglich: {1}</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>Rohansicht</translation>
    </message>
    <message>
        <source>Listing {0} failed: {1}</source>
        <translation>Auflisten von {0} fehlgeschlagen: {1}</translation>
    </message>
    <message>
        <source>A location looks like s3://bucket/prefix/</source>
        <translation>Eine Adresse sieht so aus: s3://bucket/präfix/</translation>
    </message>
    <message>
        <source>The bucket {0} is not open in this connection.</source>
        <translation>Der Bucket {0} ist in dieser Verbindung nicht geöffnet.</translation>
    </message>
    <message>
        <source>{0} was not found.</source>
        <translation>{0} wurde nicht gefunden.</translation>
    </message>
</context>
<context>
    <name>MediaView</name>
    <message>
        <source>♪ Audio</source>
        <translation>♪ Audio</translation>
    </message>
    <message>
        <source>Play / pause</source>
        <translation>Wiedergabe / Pause</translation>
    </message>
    <message>
        <source>Previous chunk</source>
        <translation>Vorheriger Teil</translation>
    </message>
    <message>
        <source>Next chunk</source>
        <translation>Nächster Teil</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Lautstärke</translation>
    </message>
    <message>
        <source>{0} ({1} of {2})</source>
        <translation>{0} ({1} von {2})</translation>
    </message>
    <message>
        <source>This recording cannot be played: {0}</source>
        <translation>Diese Aufzeichnung kann nicht abgespielt werden: {0}</translation>
    </message>
    <message>
        <source>The recording could not be read: {0}</source>
        <translation>Die Aufzeichnung konnte nicht gelesen werden: {0}</translation>
    </message>
    <message>
        <source>unsupported or damaged media</source>
        <translation>nicht unterstütztes oder beschädigtes Medium</translation>
    </message>
    <message>
        <source>Playback failed: {0}</source>
        <translation>Wiedergabe fehlgeschlagen: {0}</translation>
    </message>
</context>
<context>
    <name>MetadataSection</name>
    <message>
        <source>Details and sharing</source>
        <translation>Details und Freigabe</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>Herunterladen…</translation>
    </message>
    <message>
        <source>Link lifetime</source>
        <translation>Gültigkeit des Links</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 Minuten</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 Tag</translation>
    </message>
    <message>
        <source>7 days (maximum)</source>
        <translation>7 Tage (Maximum)</translation>
    </message>
    <message>
        <source>How long the link works</source>
        <translation>Wie lange der Link funktioniert</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>Link kopieren</translation>
    </message>
    <message>
        <source>Shared link</source>
        <translation>Geteilter Link</translation>
    </message>
    <message>
        <source>Press “Copy link” to make a link</source>
        <translation>Drücken Sie „Link kopieren“, um einen Link zu erstellen</translation>
    </message>
    <message>
        <source>Loading details…</source>
        <translation>Details werden geladen…</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>{0} ({1} bytes)</source>
        <translation>{0} ({1} Bytes)</translation>
    </message>
    <message>
        <source>Content type</source>
        <translation>Inhaltstyp</translation>
    </message>
    <message>
        <source>ETag</source>
        <translation>ETag</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>User metadata</source>
        <translation>Benutzer-Metadaten</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Public link (anyone can open it)</source>
        <translation>Öffentlicher Link (jeder kann ihn öffnen)</translation>
    </message>
    <message>
        <source>Copy public link</source>
        <translation>Öffentlichen Link kopieren</translation>
    </message>
    <message>
        <source>Link valid for</source>
        <translation>Link gültig für</translation>
    </message>
    <message>
        <source>Public link (anyone can open it): it does not expire, it works as long as the bucket policy allows anonymous reads.</source>
        <translation>Öffentlicher Link (jeder kann ihn öffnen): Er läuft nicht ab und funktioniert, solange die Bucket-Richtlinie anonymes Lesen erlaubt.</translation>
    </message>
    <message>
        <source>Presigned link.</source>
        <translation>Vorsignierter Link.</translation>
    </message>
    <message>
        <source>Presigned link, valid until {0} ({1}).</source>
        <translation>Vorsignierter Link, gültig bis {0} ({1}).</translation>
    </message>
    <message>
        <source>Shortened to the end of your sign-in session: a link signed with temporary keys stops working when they expire.</source>
        <translation>Auf das Ende Ihrer Anmeldesitzung gekürzt: Ein mit temporären Schlüsseln signierter Link funktioniert nicht mehr, wenn sie ablaufen.</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>In die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>No link: {0}</source>
        <translation>Kein Link: {0}</translation>
    </message>
</context>
<context>
    <name>OcrView</name>
    <message>
        <source>Previous page</source>
        <translation>Vorherige Seite</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Nächste Seite</translation>
    </message>
    <message>
        <source>OCR document {0}</source>
        <translation>OCR-Dokument {0}</translation>
    </message>
    <message>
        <source>No pages</source>
        <translation>Keine Seiten</translation>
    </message>
    <message>
        <source>Page {0} ({1} of {2})</source>
        <translation>Seite {0} ({1} von {2})</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
</context>
<context>
    <name>PathBadge</name>
    <message>
        <source>Not encrypted (HTTP)</source>
        <translation>Nicht verschlüsselt (HTTP)</translation>
    </message>
    <message>
        <source>The connection to {0} uses plain HTTP across the network. Anyone on the way (the Wi-Fi, the local network, a provider) can read everything: object names, file contents, and what this app asks the server. They can also change what you download and what the server seems to answer. Uploads are signed, so the server refuses an upload that was changed on the way. Use HTTPS (the profile&apos;s TLS option) where the server offers it.</source>
        <translation>Die Verbindung zu {0} verwendet unverschlüsseltes HTTP über das Netzwerk. Jeder auf dem Weg (das WLAN, das lokale Netz, ein Provider) kann alles mitlesen: Objektnamen, Dateiinhalte und was diese App den Server fragt. Er kann auch verändern, was Sie herunterladen und was der Server scheinbar antwortet. Uploads sind signiert, daher lehnt der Server einen unterwegs veränderten Upload ab. Verwenden Sie HTTPS (die TLS-Option des Profils), wo der Server es anbietet.</translation>
    </message>
    <message>
        <source>Certificate not verified</source>
        <translation>Zertifikat nicht geprüft</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not checked (the profile&apos;s option, or --insecure). Anyone on the way to {0} can pose as the server, then read and change everything, your secret key&apos;s requests included. Give the server&apos;s CA file in the profile instead.</source>
        <translation>Das Zertifikat des Servers wird nicht geprüft (Option des Profils oder --insecure). Jeder auf dem Weg zu {0} kann sich als der Server ausgeben und dann alles mitlesen und verändern, auch die Anfragen mit Ihrem geheimen Schlüssel. Geben Sie stattdessen die CA-Datei des Servers im Profil an.</translation>
    </message>
    <message>
        <source>Security warning: {0}</source>
        <translation>Sicherheitswarnung: {0}</translation>
    </message>
</context>
<context>
    <name>PdfView</name>
    <message>
        <source>Previous page</source>
        <translation>Vorherige Seite</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Nächste Seite</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Seite</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>Breite einpassen</translation>
    </message>
    <message>
        <source>Fit the page width to the window</source>
        <translation>Die Seitenbreite an das Fenster anpassen</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>of {0}</source>
        <translation>von {0}</translation>
    </message>
</context>
<context>
    <name>PolicyConflictDialog</name>
    <message>
        <source>The policy of {0} was changed meanwhile</source>
        <translation>Die Richtlinie von {0} wurde inzwischen geändert</translation>
    </message>
    <message>
        <source>The bucket policy of {0} was removed on the server since you began editing (by someone else or another program).</source>
        <translation>Die Bucket-Richtlinie von {0} wurde auf dem Server entfernt, seit Sie mit dem Bearbeiten begonnen haben (von jemand anderem oder einem anderen Programm).</translation>
    </message>
    <message>
        <source>The bucket policy of {0} was changed on the server since you began editing (by someone else or another program). The policy live now is shown below.</source>
        <translation>Die Bucket-Richtlinie von {0} wurde auf dem Server geändert, seit Sie mit dem Bearbeiten begonnen haben (von jemand anderem oder einem anderen Programm). Die jetzt gültige Richtlinie steht unten.</translation>
    </message>
    <message>
        <source>This app does not understand it; it is shown as the server sent it.</source>
        <translation>Diese App versteht sie nicht; sie wird so gezeigt, wie der Server sie geschickt hat.</translation>
    </message>
    <message>
        <source>Nothing was removed.</source>
        <translation>Es wurde nichts entfernt.</translation>
    </message>
    <message>
        <source>Nothing was written.</source>
        <translation>Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>Your edits are still in the editor.</source>
        <translation>Ihre Änderungen sind weiterhin im Editor.</translation>
    </message>
    <message>
        <source>Bucket policy live on the server now</source>
        <translation>Jetzt auf dem Server gültige Bucket-Richtlinie</translation>
    </message>
    <message>
        <source>(no bucket policy)</source>
        <translation>(keine Bucket-Richtlinie)</translation>
    </message>
    <message>
        <source>Remove it anyway</source>
        <translation>Trotzdem entfernen</translation>
    </message>
    <message>
        <source>Replace it with my version</source>
        <translation>Durch meine Fassung ersetzen</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Weiter bearbeiten</translation>
    </message>
</context>
<context>
    <name>PolicyInspector</name>
    <message>
        <source>Bucket</source>
        <translation>Bucket</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Read the bucket&apos;s policy from the server again</source>
        <translation>Die Richtlinie des Buckets erneut vom Server lesen</translation>
    </message>
    <message>
        <source>Bucket:</source>
        <translation>Bucket:</translation>
    </message>
    <message>
        <source>Bucket policy</source>
        <translation>Bucket-Richtlinie</translation>
    </message>
    <message>
        <source>Who can access</source>
        <translation>Wer zugreifen kann</translation>
    </message>
    <message>
        <source>Schema drift</source>
        <translation>Schema-Abweichung</translation>
    </message>
    <message>
        <source>User policies</source>
        <translation>Benutzerrichtlinien</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Aufbewahrung</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
    <message>
        <source>Reading the policy of {0}…</source>
        <translation>Die Richtlinie von {0} wird gelesen…</translation>
    </message>
</context>
<context>
    <name>PolicyTab</name>
    <message>
        <source>Bucket policy (JSON)</source>
        <translation>Bucket-Richtlinie (JSON)</translation>
    </message>
    <message>
        <source>No bucket policy is set: nothing in this bucket is public. Turn on Edit to write one.</source>
        <translation>Keine Bucket-Richtlinie gesetzt: Nichts in diesem Bucket ist öffentlich. Schalten Sie „Bearbeiten“ ein, um eine zu schreiben.</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Edit the policy (only keys allowed to set policies can save)</source>
        <translation>Die Richtlinie bearbeiten (speichern können nur Schlüssel, die Richtlinien setzen dürfen)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Live policy (JSON)</source>
        <translation>Aktive Richtlinie (JSON)</translation>
    </message>
    <message>
        <source>Pattern</source>
        <translation>Muster</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Zugriff</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Expected rules</source>
        <translation>Erwartete Regeln</translation>
    </message>
    <message>
        <source>&lt;b&gt;What it means&lt;/b&gt;</source>
        <translation>&lt;b&gt;Was sie bedeutet&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Risks&lt;/b&gt;</source>
        <translation>&lt;b&gt;Risiken&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Anonymous access&lt;/b&gt;</source>
        <translation>&lt;b&gt;Anonymer Zugriff&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Policy of {0} read from the server.</source>
        <translation>Richtlinie von {0} vom Server gelesen.</translation>
    </message>
    <message>
        <source>No bucket policy: only signed-in users with their own permissions have access; nothing is public.</source>
        <translation>Keine Bucket-Richtlinie: Nur angemeldete Benutzer mit eigenen Berechtigungen haben Zugriff; nichts ist öffentlich.</translation>
    </message>
    <message>
        <source>No risks found.</source>
        <translation>Keine Risiken gefunden.</translation>
    </message>
    <message>
        <source>(the bucket)</source>
        <translation>(der Bucket)</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>Editing: every change is checked; Save sets the policy on the server.</source>
        <translation>Bearbeitung: Jede Änderung wird geprüft; „Speichern“ setzt die Richtlinie auf dem Server.</translation>
    </message>
    <message>
        <source>Empty: saving removes the bucket policy.</source>
        <translation>Leer: Speichern entfernt die Bucket-Richtlinie.</translation>
    </message>
    <message>
        <source>Valid; it means the same as the live policy.</source>
        <translation>Gültig; sie bedeutet dasselbe wie die aktive Richtlinie.</translation>
    </message>
    <message>
        <source>Valid policy with {0} statement(s).</source>
        <translation>Gültige Richtlinie mit {0} Anweisung(en).</translation>
    </message>
    <message>
        <source>Remove the bucket policy</source>
        <translation>Die Bucket-Richtlinie entfernen</translation>
    </message>
    <message>
        <source>Remove the bucket policy of {0}? The editor is empty, so saving deletes the policy on the server: everything it allows (anonymous reads, access for other users) stops.</source>
        <translation>Die Bucket-Richtlinie von {0} entfernen? Der Editor ist leer, daher löscht Speichern die Richtlinie auf dem Server: Alles, was sie erlaubt (anonymes Lesen, Zugriff für andere Benutzer), endet.</translation>
    </message>
    <message>
        <source>The policy of {0} was not removed.</source>
        <translation>Die Richtlinie von {0} wurde nicht entfernt.</translation>
    </message>
    <message>
        <source>Saving the policy of {0}…</source>
        <translation>Die Richtlinie von {0} wird gespeichert…</translation>
    </message>
    <message>
        <source>The policy of {0} was saved and read back.</source>
        <translation>Die Richtlinie von {0} wurde gespeichert und zurückgelesen.</translation>
    </message>
    <message>
        <source>The policy of {0} was changed on the server since you began editing; nothing was written. Your edits are still in the editor.</source>
        <translation>Die Richtlinie von {0} wurde auf dem Server geändert, seit Sie mit dem Bearbeiten begonnen haben; es wurde nichts geschrieben. Ihre Änderungen sind weiterhin im Editor.</translation>
    </message>
    <message>
        <source>Nothing was written; Save asks again while the policy of {0} differs from the one you began editing.</source>
        <translation>Es wurde nichts geschrieben; Speichern fragt erneut, solange die Richtlinie von {0} von der abweicht, mit der Sie das Bearbeiten begonnen haben.</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <source>Nothing selected</source>
        <translation>Nichts ausgewählt</translation>
    </message>
    <message>
        <source>Select an object to preview it.</source>
        <translation>Wählen Sie ein Objekt für die Vorschau.</translation>
    </message>
    <message>
        <source>{0} is deleted. Its versions are in the Versions tab: Undelete brings it back, and an older version can be previewed there.</source>
        <translation>{0} ist gelöscht. Seine Versionen stehen auf dem Reiter Versionen: „Zurückholen“ bringt es zurück, und eine ältere Version lässt sich dort in der Vorschau ansehen.</translation>
    </message>
    <message>
        <source>{0} is a folder: select an object in it to preview it.</source>
        <translation>{0} ist ein Ordner: Wählen Sie ein Objekt darin für die Vorschau.</translation>
    </message>
    <message>
        <source>There is nothing to preview for {0}.</source>
        <translation>Für {0} gibt es keine Vorschau.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>{0} is {1}, more than the {2} a preview may read. Use Download… to open it.</source>
        <translation>{0} ist {1} groß, mehr als die {2}, die eine Vorschau lesen darf. Öffnen Sie es mit „Herunterladen…“.</translation>
    </message>
    <message>
        <source>Loading image…</source>
        <translation>Bild wird geladen…</translation>
    </message>
    <message>
        <source>There is no preview for this kind of object. Use Download… or Copy link below.</source>
        <translation>Für diese Art von Objekt gibt es keine Vorschau. Verwenden Sie „Herunterladen…“ oder „Link kopieren“ unten.</translation>
    </message>
    <message>
        <source>Loading PDF…</source>
        <translation>PDF wird geladen…</translation>
    </message>
    <message>
        <source>Cannot show the PDF: it could not be opened.</source>
        <translation>Das PDF kann nicht angezeigt werden: Es konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>Loading thumbnail…</source>
        <translation>Vorschaubild wird geladen…</translation>
    </message>
    <message>
        <source>No thumbnail can be derived for this material.</source>
        <translation>Für dieses Material lässt sich kein Vorschaubild ableiten.</translation>
    </message>
    <message>
        <source>This material has no thumbnail (expected at s3://{0}/{1}).</source>
        <translation>Dieses Material hat kein Vorschaubild (erwartet unter s3://{0}/{1}).</translation>
    </message>
    <message>
        <source>The thumbnail cannot be shown: {0}</source>
        <translation>Das Vorschaubild kann nicht angezeigt werden: {0}</translation>
    </message>
    <message>
        <source>The PDF is {0}, more than the {1} a preview may read. Use Download… to open it.</source>
        <translation>Das PDF ist {0} groß, mehr als die {1}, die eine Vorschau lesen darf. Öffnen Sie es mit „Herunterladen…“.</translation>
    </message>
</context>
<context>
    <name>ProfileForm</name>
    <message>
        <source>host:port, e.g. localhost:9000</source>
        <translation>Host:Port, z. B. localhost:9000</translation>
    </message>
    <message>
        <source>Use TLS (https)</source>
        <translation>TLS verwenden (https)</translation>
    </message>
    <message>
        <source>Verify the server certificate</source>
        <translation>Das Serverzertifikat prüfen</translation>
    </message>
    <message>
        <source>System certificates</source>
        <translation>Systemzertifikate</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Keep the secret for this session only</source>
        <translation>Das Geheimnis nur für diese Sitzung behalten</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Endpoint:</source>
        <translation>Endpunkt:</translation>
    </message>
    <message>
        <source>CA certificate:</source>
        <translation>CA-Zertifikat:</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>Region:</translation>
    </message>
    <message>
        <source>Access key:</source>
        <translation>Zugriffsschlüssel:</translation>
    </message>
    <message>
        <source>Secret key:</source>
        <translation>Geheimer Schlüssel:</translation>
    </message>
    <message>
        <source>Documents bucket:</source>
        <translation>Dokumente-Bucket:</translation>
    </message>
    <message>
        <source>Recordings bucket:</source>
        <translation>Aufzeichnungen-Bucket:</translation>
    </message>
    <message>
        <source>OCR bucket:</source>
        <translation>OCR-Bucket:</translation>
    </message>
    <message>
        <source>MLflow bucket:</source>
        <translation>MLflow-Bucket:</translation>
    </message>
    <message>
        <source>Use Rename to change the name of a saved profile.</source>
        <translation>Verwenden Sie „Umbenennen“, um den Namen eines gespeicherten Profils zu ändern.</translation>
    </message>
    <message>
        <source>A profile called &apos;{0}&apos; exists already.</source>
        <translation>Ein Profil namens „{0}“ existiert bereits.</translation>
    </message>
    <message>
        <source>Enter the secret key.</source>
        <translation>Geben Sie den geheimen Schlüssel ein.</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA-Zertifikat</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Zertifikate (*.pem *.crt *.cer);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Checking the keyring…</source>
        <translation>Der Schlüsselbund wird geprüft…</translation>
    </message>
    <message>
        <source>Session only: no keyring available. The secret is kept in memory until the application quits.</source>
        <translation>Nur für diese Sitzung: Kein Schlüsselbund verfügbar. Das Geheimnis bleibt im Arbeitsspeicher, bis die Anwendung beendet wird.</translation>
    </message>
    <message>
        <source>Session only: kept in memory until the application quits.</source>
        <translation>Nur für diese Sitzung: bleibt im Arbeitsspeicher, bis die Anwendung beendet wird.</translation>
    </message>
    <message>
        <source>Stored in {0}</source>
        <translation>Gespeichert in {0}</translation>
    </message>
    <message>
        <source>Will be stored in {0}</source>
        <translation>Wird gespeichert in {0}</translation>
    </message>
</context>
<context>
    <name>ProfileList</name>
    <message>
        <source>Connection profiles</source>
        <translation>Verbindungsprofile</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplizieren</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <source>Import from environment</source>
        <translation>Aus der Umgebung importieren</translation>
    </message>
    <message>
        <source>Read MINIO_ENDPOINT, MINIO_ROOT_USER/PASSWORD, AWS_ACCESS_KEY_ID/SECRET_ACCESS_KEY, AWS_S3_ENDPOINT and AWS_S3_BUCKET from this program&apos;s environment.</source>
        <translation>MINIO_ENDPOINT, MINIO_ROOT_USER/PASSWORD, AWS_ACCESS_KEY_ID/SECRET_ACCESS_KEY, AWS_S3_ENDPOINT und AWS_S3_BUCKET aus der Umgebung dieses Programms lesen.</translation>
    </message>
    <message>
        <source>{0} (unsaved)</source>
        <translation>{0} (nicht gespeichert)</translation>
    </message>
</context>
<context>
    <name>ProfilesDialog</name>
    <message>
        <source>Connection profiles</source>
        <translation>Verbindungsprofile</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Nicht gespeicherte Änderungen</translation>
    </message>
    <message>
        <source>Discard the changes to this profile?</source>
        <translation>Die Änderungen an diesem Profil verwerfen?</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>Neues Profil</translation>
    </message>
    <message>
        <source>{0} copy</source>
        <translation>{0} Kopie</translation>
    </message>
    <message>
        <source>Imported from the environment. Check the settings, then save.</source>
        <translation>Aus der Umgebung importiert. Prüfen Sie die Einstellungen und speichern Sie dann.</translation>
    </message>
    <message>
        <source>No secret key was set in the environment: enter it.</source>
        <translation>In der Umgebung war kein geheimer Schlüssel gesetzt: Geben Sie ihn ein.</translation>
    </message>
    <message>
        <source>Correct the marked fields.</source>
        <translation>Korrigieren Sie die markierten Felder.</translation>
    </message>
    <message>
        <source>The profile was saved, but not its secret key.</source>
        <translation>Das Profil wurde gespeichert, aber nicht sein geheimer Schlüssel.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>Rename profile</source>
        <translation>Profil umbenennen</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>Neuer Name:</translation>
    </message>
    <message>
        <source>A profile called &apos;{0}&apos; exists already.</source>
        <translation>Ein Profil namens „{0}“ existiert bereits.</translation>
    </message>
    <message>
        <source>Renamed to {0}.</source>
        <translation>Umbenannt in {0}.</translation>
    </message>
    <message>
        <source>The profile was not renamed: its secret could not be moved. {0}</source>
        <translation>Das Profil wurde nicht umbenannt: Sein Geheimnis konnte nicht verschoben werden. {0}</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>Profil löschen</translation>
    </message>
    <message>
        <source>Delete the profile &apos;{0}&apos; and its stored secret key?</source>
        <translation>Das Profil „{0}“ und seinen gespeicherten geheimen Schlüssel löschen?</translation>
    </message>
    <message>
        <source>Deleted {0}.</source>
        <translation>{0} gelöscht.</translation>
    </message>
    <message>
        <source>The profile was deleted, but its secret could not be removed from the keyring: {0}</source>
        <translation>Das Profil wurde gelöscht, aber sein Geheimnis konnte nicht aus dem Schlüsselbund entfernt werden: {0}</translation>
    </message>
    <message>
        <source>Connecting to {0}…</source>
        <translation>Verbindung zu {0} wird hergestellt…</translation>
    </message>
    <message>
        <source>Close and discard the unsaved changes?</source>
        <translation>Schließen und die nicht gespeicherten Änderungen verwerfen?</translation>
    </message>
    <message>
        <source>Unexpected error: {0}</source>
        <translation>Unerwarteter Fehler: {0}</translation>
    </message>
</context>
<context>
    <name>ProfilesMenu</name>
    <message>
        <source>No saved profiles</source>
        <translation>Keine gespeicherten Profile</translation>
    </message>
</context>
<context>
    <name>RetentionTab</name>
    <message>
        <source>Temporary uploads expire after, in days</source>
        <translation>Temporäre Uploads laufen ab nach (in Tagen)</translation>
    </message>
    <message>
        <source>Old versions are kept for, in days</source>
        <translation>Alte Versionen werden aufbewahrt für (in Tagen)</translation>
    </message>
    <message>
        <source>Check all buckets</source>
        <translation>Alle Buckets prüfen</translation>
    </message>
    <message>
        <source>Check the retention of all buckets</source>
        <translation>Die Aufbewahrung aller Buckets prüfen</translation>
    </message>
    <message>
        <source>Turn on versioning…</source>
        <translation>Versionierung einschalten…</translation>
    </message>
    <message>
        <source>Turn on versioning</source>
        <translation>Versionierung einschalten</translation>
    </message>
    <message>
        <source>Keep the earlier version of every replaced or deleted object in the selected bucket, after a confirmation</source>
        <translation>Nach einer Bestätigung die frühere Version jedes ersetzten oder gelöschten Objekts im ausgewählten Bucket aufbewahren</translation>
    </message>
    <message>
        <source>Apply expected rules…</source>
        <translation>Erwartete Regeln anwenden…</translation>
    </message>
    <message>
        <source>Apply the expected lifecycle rules</source>
        <translation>Die erwarteten Lebenszyklusregeln anwenden</translation>
    </message>
    <message>
        <source>Replace the selected bucket&apos;s lifecycle rules with the schema&apos;s, after showing the difference</source>
        <translation>Die Lebenszyklusregeln des ausgewählten Buckets durch die des Schemas ersetzen, nachdem der Unterschied gezeigt wurde</translation>
    </message>
    <message>
        <source>Bucket</source>
        <translation>Bucket</translation>
    </message>
    <message>
        <source>Versioning</source>
        <translation>Versionierung</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Lifecycle rules</source>
        <translation>Lebenszyklusregeln</translation>
    </message>
    <message>
        <source>Versioning and lifecycle rules of the buckets</source>
        <translation>Versionierung und Lebenszyklusregeln der Buckets</translation>
    </message>
    <message>
        <source>Temporary uploads (temp/) expire after</source>
        <translation>Temporäre Uploads (temp/) laufen ab nach</translation>
    </message>
    <message>
        <source>Old versions kept</source>
        <translation>Alte Versionen aufbewahrt</translation>
    </message>
    <message>
        <source>Incomplete uploads aborted after 7 days.</source>
        <translation>Unvollständige Uploads werden nach 7 Tagen abgebrochen.</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Reading the versioning and lifecycle rules…</source>
        <translation>Versionierung und Lebenszyklusregeln werden gelesen…</translation>
    </message>
    <message>
        <source>The check failed: {0}</source>
        <translation>Die Prüfung ist fehlgeschlagen: {0}</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>The lifecycle rules do what the schema expects.</source>
        <translation>Die Lebenszyklusregeln tun, was das Schema erwartet.</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>The bucket does not exist.</source>
        <translation>Der Bucket existiert nicht.</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>no rules</source>
        <translation>keine Regeln</translation>
    </message>
    <message>
        <source>note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>{0} of {1} buckets drift from the schema: {2} critical, {3} warning(s), {4} info.</source>
        <translation>{0} von {1} Buckets weichen vom Schema ab: {2} kritisch, {3} Warnung(en), {4} Hinweis(e).</translation>
    </message>
    <message>
        <source>Every bucket&apos;s lifecycle rules are as the schema expects, where the server has them.</source>
        <translation>Die Lebenszyklusregeln jedes Buckets sind so, wie das Schema sie erwartet, soweit der Server sie kennt.</translation>
    </message>
    <message>
        <source>on</source>
        <translation>ein</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>ausgesetzt</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>not offered</source>
        <translation>nicht angeboten</translation>
    </message>
    <message>
        <source>{0} is not one of the schema&apos;s buckets.</source>
        <translation>{0} ist keiner der Buckets des Schemas.</translation>
    </message>
    <message>
        <source>Versioning is on for {0} already.</source>
        <translation>Die Versionierung ist für {0} bereits eingeschaltet.</translation>
    </message>
    <message>
        <source>The bucket {0} does not exist.</source>
        <translation>Der Bucket {0} existiert nicht.</translation>
    </message>
    <message>
        <source>This server does not support bucket versioning.</source>
        <translation>Dieser Server unterstützt keine Bucket-Versionierung.</translation>
    </message>
    <message>
        <source>Turn on versioning for &lt;b&gt;{0}&lt;/b&gt;?&lt;br&gt;&lt;br&gt;From then on, a replaced or deleted object keeps its earlier version, which can be restored. Old versions take space until a lifecycle rule removes them (the schema keeps them {1} days). Versioning cannot be turned off again, only suspended.</source>
        <translation>Versionierung für &lt;b&gt;{0}&lt;/b&gt; einschalten?&lt;br&gt;&lt;br&gt;Von da an behält ein ersetztes oder gelöschtes Objekt seine frühere Version, die sich wiederherstellen lässt. Alte Versionen belegen Platz, bis eine Lebenszyklusregel sie entfernt (das Schema bewahrt sie {1} Tage auf). Die Versionierung lässt sich nicht wieder ausschalten, nur aussetzen.</translation>
    </message>
    <message>
        <source>Turning on versioning for {0}…</source>
        <translation>Die Versionierung für {0} wird eingeschaltet…</translation>
    </message>
    <message>
        <source>Run the check first to see what would change.</source>
        <translation>Führen Sie zuerst die Prüfung aus, um zu sehen, was sich ändern würde.</translation>
    </message>
    <message>
        <source>The lifecycle rules of {0} already do what the schema expects.</source>
        <translation>Die Lebenszyklusregeln von {0} tun bereits, was das Schema erwartet.</translation>
    </message>
    <message>
        <source>Setting the schema&apos;s lifecycle rules on {0}…</source>
        <translation>Die Lebenszyklusregeln des Schemas werden auf {0} gesetzt…</translation>
    </message>
    <message>
        <source>The schema&apos;s lifecycle rules are set on {0}.</source>
        <translation>Die Lebenszyklusregeln des Schemas sind auf {0} gesetzt.</translation>
    </message>
</context>
<context>
    <name>Schema</name>
    <message>
        <source>Section</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Unrecognized</source>
        <translation>Nicht erkannt</translation>
    </message>
    <message>
        <source>Classrooms</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <source>Classroom</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>Materialien</translation>
    </message>
    <message>
        <source>Thumbnails</source>
        <translation>Vorschaubilder</translation>
    </message>
    <message>
        <source>Students</source>
        <translation>Schüler/innen</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>Schüler/in</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Temporary uploads</source>
        <translation>Temporäre Uploads</translation>
    </message>
    <message>
        <source>Upload</source>
        <translation>Upload</translation>
    </message>
    <message>
        <source>Meetings</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>Roh</translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation>Teile</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Verarbeitet</translation>
    </message>
    <message>
        <source>Exams</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <source>Exam session</source>
        <translation>Prüfungssitzung</translation>
    </message>
    <message>
        <source>OCR document</source>
        <translation>OCR-Dokument</translation>
    </message>
    <message>
        <source>Page images</source>
        <translation>Seitenbilder</translation>
    </message>
    <message>
        <source>Page text (JSON)</source>
        <translation>Seitentext (JSON)</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Qualität</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>Experiment</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Artifacts</source>
        <translation>Artefakte</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>Thumbnail</source>
        <translation>Vorschaubild</translation>
    </message>
    <message>
        <source>Student note</source>
        <translation>Schülernotiz</translation>
    </message>
    <message>
        <source>Temporary upload file</source>
        <translation>Temporäre Upload-Datei</translation>
    </message>
    <message>
        <source>Raw recording</source>
        <translation>Rohaufzeichnung</translation>
    </message>
    <message>
        <source>Recording chunk</source>
        <translation>Aufzeichnungsteil</translation>
    </message>
    <message>
        <source>Processed audio</source>
        <translation>Verarbeitetes Audio</translation>
    </message>
    <message>
        <source>Proctoring recording</source>
        <translation>Aufzeichnung der Prüfungsaufsicht</translation>
    </message>
    <message>
        <source>OCR page image</source>
        <translation>OCR-Seitenbild</translation>
    </message>
    <message>
        <source>OCR page text</source>
        <translation>OCR-Seitentext</translation>
    </message>
    <message>
        <source>OCR quality report</source>
        <translation>OCR-Qualitätsbericht</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>Modelldatei</translation>
    </message>
    <message>
        <source>Run artifact</source>
        <translation>Artefakt eines Laufs</translation>
    </message>
</context>
<context>
    <name>SignInFields</name>
    <message>
        <source>Access key and secret key</source>
        <translation>Zugriffsschlüssel und geheimer Schlüssel</translation>
    </message>
    <message>
        <source>School account (OpenID Connect, in the web browser)</source>
        <translation>Schulkonto (OpenID Connect, im Webbrowser)</translation>
    </message>
    <message>
        <source>Directory account (LDAP user name and password)</source>
        <translation>Verzeichniskonto (LDAP-Benutzername und Passwort)</translation>
    </message>
    <message>
        <source>e.g. https://login.example.org/realms/school</source>
        <translation>z. B. https://login.example.org/realms/school</translation>
    </message>
    <message>
        <source>Optional, e.g. arn:aws:iam::role/Teacher</source>
        <translation>Optional, z. B. arn:aws:iam::role/Teacher</translation>
    </message>
    <message>
        <source>The password is asked at each sign-in and never stored.</source>
        <translation>Das Passwort wird bei jeder Anmeldung abgefragt und nie gespeichert.</translation>
    </message>
    <message>
        <source>Sign in with:</source>
        <translation>Anmelden mit:</translation>
    </message>
    <message>
        <source>Issuer URL:</source>
        <translation>Aussteller-URL:</translation>
    </message>
    <message>
        <source>Client id:</source>
        <translation>Client-ID:</translation>
    </message>
    <message>
        <source>Scopes:</source>
        <translation>Bereiche (Scopes):</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>Benutzername:</translation>
    </message>
    <message>
        <source>Role ARN:</source>
        <translation>Rollen-ARN:</translation>
    </message>
</context>
<context>
    <name>TextView</name>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Only the first {0} of {1} are shown: the file was truncated for the preview. Download it to see all of it.</source>
        <translation>Nur die ersten {0} von {1} werden gezeigt: Die Datei wurde für die Vorschau gekürzt. Laden Sie sie herunter, um alles zu sehen.</translation>
    </message>
    <message>
        <source>a larger file</source>
        <translation>einer größeren Datei</translation>
    </message>
</context>
<context>
    <name>TreePanel</name>
    <message>
        <source>Filter this level…</source>
        <translation>Diese Ebene filtern…</translation>
    </message>
    <message>
        <source>Filter this level</source>
        <translation>Diese Ebene filtern</translation>
    </message>
    <message>
        <source>Navigator</source>
        <translation>Navigator</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>What the selected folder or bucket holds</source>
        <translation>Was der ausgewählte Ordner oder Bucket enthält</translation>
    </message>
    <message>
        <source>Up one level</source>
        <translation>Eine Ebene höher</translation>
    </message>
    <message>
        <source>Sort By</source>
        <translation>Sortieren nach</translation>
    </message>
    <message>
        <source>Descending</source>
        <translation>Absteigend</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>{0} entries so far, loading…</source>
        <translation>Bisher {0} Einträge, wird geladen…</translation>
    </message>
    <message>
        <source>Loading failed: {0}</source>
        <translation>Laden fehlgeschlagen: {0}</translation>
    </message>
    <message>
        <source>{0} entries</source>
        <translation>{0} Einträge</translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <source>Declared user policies</source>
        <translation>Deklarierte Benutzerrichtlinien</translation>
    </message>
    <message>
        <source>Read users from the server</source>
        <translation>Benutzer vom Server lesen</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Policies</source>
        <translation>Richtlinien</translation>
    </message>
    <message>
        <source>Users on the server</source>
        <translation>Benutzer auf dem Server</translation>
    </message>
    <message>
        <source>&lt;b&gt;The schema&apos;s user policy&lt;/b&gt; (Authenticated Access, as declared)</source>
        <translation>&lt;b&gt;Die Benutzerrichtlinie des Schemas&lt;/b&gt; (Authenticated Access, wie deklariert)</translation>
    </message>
    <message>
        <source>Asking the server&apos;s admin API…</source>
        <translation>Die Admin-API des Servers wird gefragt…</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome to {0}</source>
        <translation>Willkommen bei {0}</translation>
    </message>
    <message>
        <source>There is no connection yet. {0} shows your school&apos;s storage once it knows where the storage server is and which key to use. How do you want to start?</source>
        <translation>Es gibt noch keine Verbindung. {0} zeigt den Speicher Ihrer Schule, sobald es weiß, wo der Speicherserver ist und welcher Schlüssel zu verwenden ist. Wie möchten Sie beginnen?</translation>
    </message>
    <message>
        <source>Add a connection</source>
        <translation>Eine Verbindung hinzufügen</translation>
    </message>
    <message>
        <source>Enter the storage server&apos;s address and your access key. The secret key is kept in the system keyring, never in a file.</source>
        <translation>Geben Sie die Adresse des Speicherservers und Ihren Zugriffsschlüssel ein. Der geheime Schlüssel wird im Schlüsselbund des Systems aufbewahrt, nie in einer Datei.</translation>
    </message>
    <message>
        <source>Use the connection from the environment</source>
        <translation>Die Verbindung aus der Umgebung verwenden</translation>
    </message>
    <message>
        <source>Try the demo storage</source>
        <translation>Den Demo-Speicher ausprobieren</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Nicht jetzt</translation>
    </message>
    <message>
        <source>Connections can be added later in File &gt; Connections…</source>
        <translation>Verbindungen lassen sich später hinzufügen: Datei &gt; Verbindungen…</translation>
    </message>
</context>
</TS>
