from . import pos_config, pos_session, product_template
