"""A test addon extending the browser POS through the point_of_sale.assets_pos bundle."""
