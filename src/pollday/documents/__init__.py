"""Documents: PDF label sheets, statements and lists built with fpdf2 from the election store.

This package and only this one imports fpdf and qrcode. The package itself imports
nothing heavy, so `pollday.documents.layouts` can be read without paying for fpdf.
"""
