"""Scheduled layer work (CELERY_BEAT_SCHEDULE in settings)."""

from celery import shared_task

from layers.tiles import refresh_cells


@shared_task(name="layers.refresh_tile_cells")
def refresh_tile_cells() -> dict:
    """Recount the low-zoom cells from the features (they are as fresh as their last refresh)."""
    refresh_cells()
    return {"refreshed": True}
