{
    "name": "Cron test addon",
    "version": "1.0",
    "depends": ["base"],
    "license": "LGPL-3",
    "installable": True,
    "data": ["security/ir.model.access.csv", "data/ir_cron.xml"],
}
