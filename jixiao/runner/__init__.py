"""Running the stages over many files: inputs expanded (folders, globs, zip members), each file read in
a process of its own (batch, worker, read_ahead), results cached and put back in input order (cache,
keys), the dataset written (dataset).  `pipeline.process_file` is one file through the three stages."""
