{
    "name": "Security test models",
    "version": "1.0",
    "depends": ["base"],
    "data": ["security/ir.model.access.csv", "security/rules.xml"],
    "license": "LGPL-3",
}
