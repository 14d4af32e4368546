{
    "name": "Test POS payload extension",
    "version": "1.0",
    "depends": ["point_of_sale"],
    "license": "LGPL-3",
}
