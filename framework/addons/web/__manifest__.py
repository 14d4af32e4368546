{
    "name": "Web",
    "version": "1.0",
    "category": "Hidden",
    "summary": "Web session, dataset and login routes used by browsers and RPC clients",
    "depends": ["base"],
    "data": [],
    "installable": True,
    "auto_install": True,
    "license": "LGPL-3",
}
