from . import pos_order_report
