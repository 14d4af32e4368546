from . import doc
from . import report_summary
