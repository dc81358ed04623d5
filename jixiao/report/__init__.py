"""The auditor's review report (`jixiao report`): review.html and review.xlsx from a dataset folder.

build.py reads the dataset back (load.py), gathers the evidence for every row-level flag from the
source files (evidence.py: page crops for PDFs, the source row's text for text and HTML), then writes
the page (page.py, with review.css and review.js inlined) and the workbook (workbook.py), both showing
each table as view.py says (a department-wide table by its unit, fund lines by breakdown, the newer
forms' columns where a table fills them).  Nothing here is imported by `jixiao run` unless it is asked
for a report (Pillow and openpyxl load lazily).
"""
