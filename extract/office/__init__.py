"""Office files: workbooks (xlsx: calamine), Word documents (docx), and LibreOffice conversion of the
legacy and ODF types (convert)."""
