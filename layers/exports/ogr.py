"""Files GDAL writes (GeoPackage, KML, and the Shapefiles of shapefile.py), in a process of their own.

The worker reads the rows from a server-side cursor in batches and pipes them to a GDAL writer
process (ogr_writer.py), which hands them to GDAL as one Arrow stream: the file is opened once and a
GeoPackage's R-tree built once at the end (appending batch by batch, as before the seventh session,
reopened the file 42 times for 840,000 buildings and filled the R-tree row by row: 15 s of 25).

The writer runs apart so that pyogrio and pyarrow (with pandas, ~130 MB, kept for good by a worker
that once imported them) never enter a web or Celery worker: its memory stays where it started
(bench/README.md, "Eighth session"). The two processes also overlap: the worker reads the next
batch while the writer writes the last. The file is written in a private temporary directory,
removed as soon as the finished file is open for sending.
"""

import pickle
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction

from geo_server.db_router import read_alias
from layers.catalogue import Layer
from layers.exports import source
from layers.exports.copy import CHUNK_BYTES, Counts
from layers.exports.params import ExportRequest

BATCH_ROWS = 20_000


class WriterFailed(RuntimeError):
    """The GDAL writer process ended with an error (its message is GDAL's)."""


class GdalWriter:
    """A running ogr_writer process: `send` a batch of rows, then leave the block to finish the file.
    Leaving it on an exception stops the process; the partial file goes with the temporary directory."""

    def __init__(self, job: dict):
        self.job = job

    def __enter__(self) -> "GdalWriter":
        # stderr to a file, not a pipe: GDAL may warn per row, and a full pipe would stall both processes.
        self.errors = tempfile.TemporaryFile()
        self.process = subprocess.Popen([sys.executable, "-m", "layers.exports.ogr_writer"], stdin=subprocess.PIPE,
                                        stdout=subprocess.DEVNULL, stderr=self.errors, cwd=settings.BASE_DIR)
        self.send(self.job)
        return self

    def send(self, message) -> None:
        try:
            pickle.dump(message, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:  # the writer has stopped: its error says why
            self.process.wait()
            self._check()
            raise WriterFailed("the GDAL writer stopped before the last row") from None

    def __exit__(self, kind, error, traceback) -> None:
        try:
            if kind is None:
                self.send(None)
                self.process.stdin.close()
                self.process.wait()
                self._check()
            else:
                self.process.kill()
                self.process.wait()
        finally:
            self.errors.close()

    def _check(self) -> None:
        if self.process.returncode:
            self.errors.seek(0)
            lines = self.errors.read().decode("utf-8", "replace").strip().splitlines()
            raise WriterFailed(f"the GDAL writer failed ({self.process.returncode}): "
                               f"{lines[-1] if lines else 'no message'}")


def write_layer(path: Path, layer: Layer, user, request: ExportRequest, counts: Counts, *, driver: str,
                names: dict[str, str] | None = None) -> None:
    """Append the layer's rows to `path` as the layer `layer.id`, renaming fields through `names`."""
    sql, params = source.wkb_sql(layer, user, request)
    fields = ["id", *(f.name for f in layer.fields)]
    job = {"path": str(path), "driver": driver, "layer": layer.id, "geometry_type": layer.geometry_type,
           "crs": f"EPSG:{request.srid}", "names": [(names or {}).get(name, name) for name in fields],
           "types": ["integer", *(f.type for f in layer.fields)],
           "append": path.exists()}  # a second layer in an existing GeoPackage or KML file
    alias = read_alias()
    with (GdalWriter(job) as writer, transaction.atomic(using=alias),
          connections[alias].chunked_cursor() as cursor):
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(BATCH_ROWS):
            writer.send(batch)
            counts.features += len(batch)


def file_chunks(write: Callable[[Path], Path], counts: Counts) -> Iterator[bytes]:
    """Run `write(directory) -> finished file` in a temporary directory, then send the file."""
    directory = Path(tempfile.mkdtemp(prefix="geo-server-export-"))
    try:
        handle = write(directory).open("rb")
    finally:
        shutil.rmtree(directory)  # the open handle keeps the file readable until it is closed
    with handle:
        while chunk := handle.read(CHUNK_BYTES):
            counts.bytes += len(chunk)
            yield chunk


def gdal_file(driver: str, extension: str) -> Callable:
    """chunks() for a format GDAL writes as one file holding every layer."""
    def chunks(user, request: ExportRequest, counts: Counts) -> Iterator[bytes]:
        def write(directory: Path) -> Path:
            path = directory / f"export.{extension}"
            for layer in request.layers:
                write_layer(path, layer, user, request, counts, driver=driver)
            return path
        return file_chunks(write, counts)
    return chunks
