"""What every sector's machine feed shares (worksites' wage feeds, concrete's production feeds):
checking a request's body (`requests`), reading its rows as a stream (`streams`), and loading them
in batches beside the parsing (`loading`). Each sector keeps its fields, its staging tables and its
one set-based merge."""
