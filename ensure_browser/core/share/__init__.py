"""Share links: presigned (a chosen lifetime, at most 7 days) or public URLs for objects and whole
folders, with their original names, as text or CSV. No Qt: the window and scripts share it."""
