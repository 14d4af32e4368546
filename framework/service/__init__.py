"""RPC services (``odoo.service``): ``common``, ``object`` and ``db``, plus what they share.

The chain, as in Odoo: ``rpc.dispatch_rpc(service, method, params)`` picks the service;
``model.dispatch`` authenticates (``security.check``) and runs ``execute_kw`` → ``call_kw``
in one unit of work (``unit_of_work.run``: one transaction per call, retried on concurrency
errors, integrity errors turned into ``ValidationError``). Nothing here knows about HTTP:
callers pass the config and the client address explicitly.
"""
