"""The data path to an S3 server: the Storage facade and its parts (listing, objects, uploads,
downloads, local files, headers)."""
