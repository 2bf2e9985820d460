"""No import circle anywhere in zpro_nb, counting the imports under ``if TYPE_CHECKING:`` too.

At run time those imports never execute, so a circle through one cannot fail an import; but it still
ties two modules to each other (neither can be read, moved or split without the other), which is
what the layers are there to prevent. ``lint-imports`` checks the layers between packages and
circles between siblings (the ``acyclic-siblings`` contract); this test also sees a package and its
own modules (a package ``__init__`` and the generated twin it imports) and every module on its own.
"""

from __future__ import annotations

import grimp


def _circles(graph: grimp.ImportGraph) -> list[str]:
    """Every direct import ``a -> b`` that has a way back from ``b`` to ``a``, with that way back."""
    found = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                lines = sorted(
                    {d["line_number"] for d in graph.get_import_details(importer=importer, imported=imported)}
                )
                where = ", ".join(f"line {n}" for n in lines)
                found.append(f"{importer} -> {imported} ({where}), and back: {' -> '.join(back)}")
    return found


def test_no_import_circle_even_through_type_checking_imports() -> None:
    graph = grimp.build_graph("zpro_nb", exclude_type_checking_imports=False)
    circles = _circles(graph)
    assert not circles, (
        f"{len(circles)} imports close a circle; move what both sides need to a module below them "
        "(a protocol for what the lower one uses of the upper one), or split a module so the "
        "imports point one way:\n" + "\n".join(circles)
    )


def test_the_check_sees_a_circle_through_a_type_checking_import() -> None:
    # The check itself: a graph holding one type-only circle (as grimp records it) is reported.
    graph = grimp.ImportGraph()
    graph.add_import(
        importer="pkg.low", imported="pkg.high", line_number=3, line_contents="from .high import T"
    )
    graph.add_import(
        importer="pkg.high", imported="pkg.low", line_number=5, line_contents="from .low import f"
    )
    assert _circles(graph) == [
        "pkg.high -> pkg.low (line 5), and back: pkg.low -> pkg.high",
        "pkg.low -> pkg.high (line 3), and back: pkg.high -> pkg.low",
    ]
