"""The amendment table as a Word document a drafter can open, annotate and pass on (python-docx)."""

from __future__ import annotations

from pathlib import Path

from kg.analysis.amendments import AmendmentTable

COLUMNS = ["Bepaling", "Noemt", "Soort wijziging", "Zekerheid", "Tekst nu", "Wijzigingsopdracht (concept)"]


def write_docx(table: AmendmentTable, path: Path) -> None:
    """Write one section per regulation with one table row per amendment."""
    from docx import Document  # python-docx: imported here so other commands do not pay for it
    from docx.shared import Pt

    document = Document()
    document.add_heading(f"Wijzigingstabel — {table.scenario.label}", level=0)
    if table.target is not None:
        document.add_paragraph(f"Nieuwe houder: {table.target.label}.")
    document.add_paragraph("Concept voor wetgevingsjuristen, afgeleid uit de kennisgraaf kind- en gezinsbescherming: "
                           "elke opdracht is een voorstel; de tekst is die van de nieuwste geladen wetsversie.")
    if not table.texts_loaded:
        document.add_paragraph("Let op: er waren geen wetteksten geladen; alleen bepalingen uit de curatie staan hierin.")
    for regulation, rows in table.by_regulation().items():
        document.add_heading(regulation, level=1)
        grid = document.add_table(rows=1, cols=len(COLUMNS))
        grid.style = "Table Grid"
        for cell, title in zip(grid.rows[0].cells, COLUMNS):
            cell.text = title
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in rows:
            certainty = row.certainty.label + (" (afgeleid door ons)" if row.ours else "")
            values = [row.provision.label, row.organisation.label, row.kind_label, certainty, row.context, row.instruction]
            for cell, value in zip(grid.add_row().cells, values):
                cell.text = value
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(8)
    document.save(str(path))
