{
    "name": "Test invoice report extension",
    "version": "1.0",
    "summary": "Extends the printed invoice as addons do: xpaths on its named elements",
    "depends": ["account"],
    "data": ["report/report_invoice.xml"],
    "license": "LGPL-3",
}
