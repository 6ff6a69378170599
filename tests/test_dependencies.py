"""Dependencies point one way: sectors import the core, never the reverse.

Read from the source with the ast module (no import runs): every module under geo_server/ but the
sectors and migrations imports neither layers, basins nor a sector (geo_server.sectors.<x>), even
inside a function; layers imports no sector. URLconfs name layers and basins only as strings.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE_FORBIDDEN = ("layers", "basins", "geo_server.sectors")
# layers draws the basins' boundaries as reference layers (basin, basin_risk): the Basin model only.
LAYERS_ALLOWED = {"basins.models"}


def imported_modules(path: Path, package: str | None = None) -> list[tuple[int, str]]:
    """(line, module) of every import in the file, relative imports resolved against its package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    if package is None:
        package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            # `from geo_server import sectors` imports geo_server.sectors as surely as a dotted import.
            found += [(node.lineno, base)] + [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def matches(module: str, prefixes) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


def python_files(folder: str, skip=()) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py")
                  if "migrations" not in p.parts and not any(p.is_relative_to(ROOT / s) for s in skip))


def core_offences() -> list[str]:
    return [f"{path.relative_to(ROOT)}:{line} imports {module}"
            for path in python_files("geo_server", skip=("geo_server/sectors",))
            for line, module in imported_modules(path) if matches(module, CORE_FORBIDDEN)]


def test_the_core_imports_neither_layers_nor_basins_nor_a_sector():
    assert len(python_files("geo_server", skip=("geo_server/sectors",))) > 100  # the walk found the core
    assert core_offences() == []


def test_layers_imports_no_sector():
    offences = [f"{path.relative_to(ROOT)}:{line} imports {module}"
                for path in python_files("layers") for line, module in imported_modules(path)
                if matches(module, ("geo_server.sectors",))
                or (matches(module, ("basins",)) and not matches(module, LAYERS_ALLOWED))]
    assert offences == []


def test_a_sector_imports_no_other_sector():
    """What two sectors share belongs in the core (geo_server.feeds, geo_server.demo)."""
    sectors = sorted(p.name for p in (ROOT / "geo_server" / "sectors").iterdir()
                     if p.is_dir() and not p.name.startswith("_"))
    assert {"worksites", "concrete"} <= set(sectors)
    offences = [f"{path.relative_to(ROOT)}:{line} imports {module}"
                for sector in sectors for path in python_files(f"geo_server/sectors/{sector}")
                for line, module in imported_modules(path)
                if matches(module, [f"geo_server.sectors.{other}" for other in sectors if other != sector])]
    assert offences == []


@pytest.mark.parametrize("source, module", [
    ("import basins.models\n", "basins.models"),
    ("def f():\n    from layers.catalogue import map_config\n", "layers.catalogue"),
    ("from geo_server.sectors.buildings import models\n", "geo_server.sectors.buildings"),
    ("from geo_server import sectors\n", "geo_server.sectors"),
    ("from ..sectors.funds import demo\n", "geo_server.sectors.funds"),
])
def test_it_would_catch_an_offending_import(tmp_path, source, module):
    probe = tmp_path / "probe.py"
    probe.write_text(source, encoding="utf-8")
    found = [name for _line, name in imported_modules(probe, package="geo_server.features")]
    assert module in found and any(matches(name, CORE_FORBIDDEN) for name in found)
    assert not any(matches(name, CORE_FORBIDDEN) for name in ("geo_server.features.kinds", "geo_server.sector",
                                                             "layersmith", "basins_of_old"))


def test_the_root_urlconf_names_the_apps_urlconfs_only_as_strings():
    source = (ROOT / "geo_server" / "urls.py").read_text(encoding="utf-8")
    assert 'include("layers.urls")' in source and 'include("basins.urls")' in source
