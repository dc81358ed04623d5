"""PDFs: born-digital pages (reader: pypdfium2 survey + pdfplumber geometry; words; borderless
clustering) and scanned ones (ocr, cell_lines)."""
