"""The QWeb interpreter: walks a template's lxml tree and writes escaped text.

Directives of one element are applied in Odoo's order: ``t-groups``, ``t-foreach``,
``t-if`` (``t-elif``/``t-else`` are decided by the preceding sibling, before the element's
own ``t-foreach``), ``t-options``, the attributes, then the output directive (``t-out``,
``t-field``, ``t-esc``, ``t-raw``) or ``t-call``, ``t-set`` and the element's content.
``<t>`` elements output only their content.

A :class:`QWeb` instance serves one rendering (it remembers the templates it loaded).
Subclasses provide :meth:`QWeb.load` (templates by name or id), :meth:`QWeb.render_field`
and :meth:`QWeb.render_widget` (``t-field``, ``t-options-widget``), :meth:`QWeb.has_groups`
and where ``t-cache`` keeps what it rendered (:meth:`QWeb.cached`); the defaults work on
plain values, without a database.

``t-cache="key"`` (before every other directive but ``t-nocache``) renders its element once
per value of ``key`` (a tuple; a false key renders each time) and then gives the same text;
its ``t-set`` stay inside it. Inside it, an element with ``t-nocache`` is rendered anew
every time, with the values the template was rendered with (not those ``t-set`` made),
plus its ``t-nocache-NAME="expr"`` values, computed when the cached text was made (text,
numbers, booleans only). Only templates loaded by name or id are cached: an element passed
to :meth:`QWeb.render` has no identity to key the cache on.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sized
from urllib.parse import unquote_plus

from lxml import etree
from markupsafe import Markup, escape

from .errors import QWebException
from .expressions import Scope, evaluate, format_string, to_text

_logger = logging.getLogger(__name__)

VOID_ELEMENTS = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "keygen",
                           "link", "menuitem", "meta", "param", "source", "track", "wbr"])
#: the key under which a ``t-call``'s body reaches the called template (``t-out="0"``)
CALL_SLOT = 0
_OUTPUT_DIRECTIVES = ("t-out", "t-field", "t-esc", "t-raw")
_BRANCHES = ("t-elif", "t-else")
_JAVASCRIPT_URL = re.compile(r"javascript:(?!((window\.)?)history\.back\(\)$)", re.I)
_URL_NOISE = re.compile(r"[\s\x00-\x08\x0B\x0C\x0E-\x19]+")
_SKIPPED = (etree._Comment, etree._ProcessingInstruction, etree._Entity)
_TECHNICAL = frozenset(["t-set", "t-call", "t-foreach", "t-if", "t-elif", "t-else"])
_TRAILING_INDENT = re.compile(r"\n[ \t]*$")
#: stands in a t-cache's recorded text for its n-th t-nocache part (NUL: never in a template)
_NOCACHE_MARK = "\x00t-nocache:{}\x00"
_NOCACHE_SPLIT = re.compile("\x00t-nocache:(\\d+)\x00")
_CACHEABLE_TYPES = (str, int, float, bool, type(None))
_FIRST_BLANK_LINES = re.compile(r"^\s*\n(?=[ \t]*\S)|^\s+$")


class QWeb:
    """Render templates; see the module docstring."""

    def __init__(self) -> None:
        self._loaded: dict = {}
        self._template_name = None
        self._template_ref = None           # what the current template was loaded by
        self._root_values: dict = {}        # what the rendering was asked with (t-nocache)
        self._nocache: list | None = None   # the t-nocache parts of the t-cache being made
        self._local_cache: dict = {}

    # -- hooks ------------------------------------------------------------------------------

    def load(self, ref) -> tuple:
        """``(element, name)`` of the template ``ref`` (a name or an id); ValueError if unknown."""
        raise ValueError(f"Can not load template: {ref!r}")

    def render_field(self, record, field_name: str, expression: str, tag: str, options: dict,
                     values: Scope) -> tuple:
        """``(attributes, content, force_display)`` for ``t-field="record.field_name"``."""
        value = record[field_name]
        return {}, (None if value is False else value), False

    def render_widget(self, value, expression: str, tag: str, options: dict,
                      values: Scope) -> tuple:
        """``(attributes, content, force_display)`` for ``t-out`` with ``t-options``."""
        return {}, value, False

    def has_groups(self, groups: str) -> bool:
        return True

    def call(self, ref, values: Scope, out: list, options: dict) -> None:
        """Render the template ``ref`` for a ``t-call`` (``options``: its ``t-options``)."""
        self.render_into(ref, values, out)

    def cache_key(self, key) -> tuple:
        """The hashable form of a ``t-cache`` value (a tuple or one value)."""
        items = key if isinstance(key, (tuple, list)) else (key,)
        return tuple(repr(item) for item in items)

    def cached(self, key: tuple, compute):
        """``compute()``, kept under ``key`` (the template, the element, the ``t-cache``
        value): here for this rendering only; subclasses keep it for the process."""
        if key not in self._local_cache:
            self._local_cache[key] = compute()
        return self._local_cache[key]

    # -- entry points -----------------------------------------------------------------------

    def render(self, template, values: Mapping | None = None) -> Markup:
        """``template`` (an element, a name or an id) rendered with ``values``."""
        scope = Scope(values or {})
        self._root_values = dict(scope)
        out: list[str] = []
        self.render_into(template, scope, out)
        return Markup("".join(out))

    def render_into(self, template, scope: Scope, out: list) -> None:
        element, name = self.get_template(template)
        previous, self._template_name = self._template_name, name
        previous_ref = self._template_ref
        self._template_ref = None if isinstance(template, etree._Element) else template
        try:
            if name is not None and "xmlid" not in scope:
                scope["xmlid"] = name
            start = len(out)
            self._render_element(element, scope, out)
            if len(out) > start:
                out[start] = _FIRST_BLANK_LINES.sub("", out[start])
                _rstrip(out)
        finally:
            self._template_name = previous
            self._template_ref = previous_ref

    def get_template(self, template) -> tuple:
        if isinstance(template, etree._Element):
            if template.get("t-name") is None:
                for node in template.iter(tag=etree.Element):
                    if node.get("t-name"):
                        return node, node.get("t-name")
            return template, template.get("t-name")
        if isinstance(template, str) and template.isdigit():
            template = int(template)
        if template not in self._loaded:
            try:
                self._loaded[template] = self.load(template)
            except QWebException:
                raise
            except Exception as exc:
                raise QWebException(f"Can not load template: {template!r}",
                                    template=template) from exc
        return self._loaded[template]

    # -- elements ---------------------------------------------------------------------------

    def _render_element(self, el, scope: Scope, out: list) -> bool:
        """Render ``el``; False when its ``t-if`` held for no iteration (for t-elif/t-else)."""
        attrib = el.attrib
        try:
            if "t-nocache" in attrib and self._nocache is not None:
                self._mark_nocache(el, scope, out)
                return True
            if "t-cache" in attrib and self._template_ref is not None:
                key = self._eval(el, "t-cache", attrib["t-cache"], scope)
                if key:
                    return self._render_cached(el, key, scope, out)
            return self._render_directives(el, scope, out)
        except QWebException:
            raise
        except Exception as exc:
            if type(exc).__module__.startswith("psycopg"):
                raise                   # serialization failures stay retryable
            raise self._error(el, exc, None) from exc

    def _render_directives(self, el, scope: Scope, out: list) -> bool:
        """Groups, t-foreach, t-if, then the element: False when no t-if held."""
        attrib = el.attrib
        groups = attrib.get("t-groups", attrib.get("groups"))
        if groups is not None and not self.has_groups(groups):
            return True
        # the indentation before a technical <t> is not output; before a <t t-if>, only
        # when the condition holds
        strip = _rstrip(out) if el.tag == "t" and _TECHNICAL.intersection(attrib) else ""
        if "t-foreach" not in attrib:
            return self._render_if(el, scope, out, strip)
        taken = False
        for _item in self._loop(el, scope):
            taken = self._render_if(el, scope, out, strip) or taken
        return taken

    # -- t-cache ----------------------------------------------------------------------------

    def _render_cached(self, el, key, scope: Scope, out: list) -> bool:
        """The element from the cache, made once per key; its t-nocache parts rendered now."""
        path = el.getroottree().getpath(el)
        template = self._template_ref

        def make():
            outer, self._nocache = self._nocache, []
            try:
                body: list[str] = []
                taken = self._render_directives(el, scope.child(), body)
                pieces = [int(piece) if index % 2 else piece for index, piece
                          in enumerate(_NOCACHE_SPLIT.split("".join(body)))]
                return pieces, self._nocache, taken
            finally:
                self._nocache = outer

        pieces, nocache, taken = self.cached((template, path, self.cache_key(key)), make)
        for index, piece in enumerate(pieces):
            if not index % 2:
                out.append(piece)
            elif self._nocache is not None:     # inside a t-cache being made: stays a mark
                self._nocache.append(nocache[piece])
                out.append(_NOCACHE_MARK.format(len(self._nocache) - 1))
            else:
                self._render_nocache(*nocache[piece], out)
        return taken

    def _mark_nocache(self, el, scope: Scope, out: list) -> None:
        values = {}
        for name, expr in el.attrib.items():
            if name.startswith("t-nocache-"):
                value = self._eval(el, name, expr, scope)
                if not isinstance(value, _CACHEABLE_TYPES):
                    raise ValueError(f"The value type of {name!r} cannot be cached: {value!r} "
                                     f"(give text, a number or a boolean)")
                values[name[len("t-nocache-"):]] = value
        self._nocache.append((self._template_ref, el.getroottree().getpath(el), values))
        out.append(_NOCACHE_MARK.format(len(self._nocache) - 1))

    def _render_nocache(self, template, path: str, values: dict, out: list) -> None:
        found = self.get_template(template)[0].getroottree().xpath(path)
        if not found:
            raise QWebException(f"t-nocache element {path} is gone from the template",
                                template=template, path=path)
        scope = Scope(self._root_values)
        scope.update(values)
        previous = self._template_ref, self._template_name
        self._template_ref, self._template_name = template, self.get_template(template)[1]
        try:
            self._render_element(found[0], scope, out)
        finally:
            self._template_ref, self._template_name = previous

    def _render_if(self, el, scope: Scope, out: list, strip: str = "") -> bool:
        condition = el.get("t-if")
        if condition is not None and not self._eval(el, "t-if", condition, scope):
            return False
        if strip and condition is not None and not ("t-set" in el.attrib or "t-call" in el.attrib):
            out.append(strip)
        self._render_body(el, scope, out)
        return True

    def _loop(self, el, scope: Scope):
        expr, name = el.get("t-foreach"), el.get("t-as")
        if not name:
            raise KeyError("t-as")
        if expr.strip().isdigit():
            items = range(int(expr))
        else:
            items = self._eval(el, "t-foreach", expr, scope) or []
        size = None
        if isinstance(items, Sized):
            size = len(items)
        elif type(items) is int:
            size, items = items, range(items)
        pairs = isinstance(items, Mapping)
        if pairs:
            items = items.items()
        if size is not None:
            scope[f"{name}_size"] = size
        for index, item in enumerate(items):
            scope[f"{name}_index"] = index
            if pairs:
                scope[name], scope[f"{name}_value"] = item
            else:
                scope[name] = scope[f"{name}_value"] = item
            scope[f"{name}_first"] = index == 0
            if size is not None:
                scope[f"{name}_last"] = index + 1 == size
            scope[f"{name}_odd"] = index % 2
            scope[f"{name}_even"] = not index % 2
            scope[f"{name}_parity"] = "odd" if index % 2 else "even"
            yield item

    def _render_body(self, el, scope: Scope, out: list) -> None:
        attrib = el.attrib
        if "t-debug" in attrib:
            _logger.warning("t-debug in template %s is ignored by this server", self._template_name)
        options = self._options(el, scope)
        for directive in _OUTPUT_DIRECTIVES:
            if directive in attrib:
                self._render_output(el, scope, out, directive, attrib[directive], options)
                return
        tag = _tag_name(el)
        if tag is not None:
            self._open(el, tag, self._attributes(el, scope), out)
        if "t-call" in attrib:
            self._render_call(el, scope, out, options or {})
        elif "t-call-assets" in attrib:
            pass                        # no asset bundles in server-rendered pages here
        elif "t-set" in attrib:
            self._render_set(el, scope)
        else:
            self._render_children(el, scope, out)
        if tag is not None and tag not in VOID_ELEMENTS:
            out.append(f"</{tag}>")

    def _render_children(self, el, scope: Scope, out: list) -> None:
        if el.text:
            out.append(escape(el.text))
        chain = None                    # None: no t-if before; else whether a branch ran
        children = list(el)
        for position, child in enumerate(children):
            if isinstance(child, _SKIPPED):
                if child.tail:
                    out.append(escape(child.tail))
                continue
            branch = next((name for name in _BRANCHES if name in child.attrib), None)
            if branch is not None:
                if chain is None:
                    raise self._error(child, SyntaxError(
                        f"{branch} directive must be preceded by t-if or t-elif directive"), branch)
                if not chain:
                    if branch == "t-else":
                        self._render_element(child, scope, out)
                        chain = True
                    elif self._eval(child, "t-elif", child.get("t-elif"), scope):
                        self._render_element(child, scope, out)
                        chain = True
                if branch == "t-else":
                    chain = None
            elif "t-if" in child.attrib:
                chain = self._render_element(child, scope, out)
            else:
                chain = None
                self._render_element(child, scope, out)
            if child.tail and not (chain is not None and _next_is_branch(children, position)):
                out.append(escape(child.tail))

    # -- directives -------------------------------------------------------------------------

    def _options(self, el, scope: Scope) -> dict | None:
        attrib = el.attrib
        names = [name for name in attrib if name.startswith("t-options-")]
        if "t-options" not in attrib and not names and "t-lang" not in attrib:
            return None
        options = dict(self._eval(el, "t-options", attrib["t-options"], scope) or {}) \
            if "t-options" in attrib else {}
        for name in names:
            options[name[len("t-options-"):]] = self._eval(el, name, attrib[name], scope)
        if "t-lang" in attrib:
            options["lang"] = self._eval(el, "t-lang", attrib["t-lang"], scope)
        return options

    def _attributes(self, el, scope: Scope) -> dict:
        attrs, dynamic = {}, False
        for key, value in el.attrib.items():
            if key.startswith("t-") or key == "groups":
                continue
            attrs[_attribute_name(el, key)] = value
        for key, value in el.attrib.items():
            if key.startswith("t-attf-"):
                attrs[key[7:].removesuffix(".translate")] = format_string(value, scope)
                dynamic = True
            elif key.startswith("t-att-"):
                attrs[key[6:]] = self._eval(el, key, value, scope)
                dynamic = True
            elif key == "t-att":
                found = self._eval(el, key, value, scope)
                if isinstance(found, Mapping):
                    attrs.update(found)
                elif isinstance(found, (list, tuple)) and found:
                    attrs.update([found] if not isinstance(found[0], (list, tuple)) else found)
                dynamic = True
        return self.post_process_attributes(el.tag, attrs) if dynamic else attrs

    def post_process_attributes(self, tag: str, attrs: dict) -> dict:
        """Dynamic attributes before output: a ``javascript:`` link is emptied."""
        href = to_text(attrs.get("href"))
        if href and _JAVASCRIPT_URL.search(_URL_NOISE.sub("", unquote_plus(href))):
            attrs["href"] = ""
        return attrs

    def _render_output(self, el, scope, out, directive, expr, options) -> None:
        tag = _tag_name(el)
        attrs = self._attributes(el, scope) if tag is not None else {}
        if expr.strip() == "0" and options is None and directive != "t-field":
            self._open(el, tag, attrs, out)
            out.append(dict.get(scope, CALL_SLOT, ""))
            self._close(tag, out)
            return
        force = False
        if directive == "t-field":
            if "." not in expr:
                raise SyntaxError("t-field must have at least a dot like 'record.field_name'")
            record_expr, field_name = expr.rsplit(".", 1)
            record = self._eval(el, directive, record_expr, scope)
            extra, content, force = self.render_field(record, field_name, expr, el.tag,
                                                      options or {}, scope)
            attrs.update(extra or {})
        else:
            content = (Markup(dict.get(scope, CALL_SLOT, "")) if expr.strip() == "0"
                       else self._eval(el, directive, expr, scope))
            if options is not None and options.get("widget"):
                extra, content, force = self.render_widget(content, expr, el.tag, options, scope)
                attrs.update(extra or {})
            if directive == "t-raw" and content is not None and content is not False:
                content = Markup(to_text(content))
        if content is not None and content is not False:
            self._open(el, tag, attrs, out)
            out.append(escape(content.decode() if isinstance(content, bytes) else content))
            self._close(tag, out)
        elif el.text or len(el):
            self._open(el, tag, attrs, out)
            self._render_children(el, scope, out)
            self._close(tag, out)
        elif force:
            self._open(el, tag, attrs, out)
            self._close(tag, out)

    def _render_call(self, el, scope: Scope, out: list, options: dict) -> None:
        ref = format_string(el.get("t-call"), scope)
        values = scope.child()
        body: list[str] = []
        self._render_children(el, values, body)
        values[CALL_SLOT] = Markup("".join(body))
        self.call(int(ref) if ref.isdigit() else ref, values, out, options)

    def _render_set(self, el, scope: Scope) -> None:
        name = el.get("t-set")
        if not name:
            raise KeyError("t-set")
        if "t-value" in el.attrib:
            scope[name] = self._eval(el, "t-value", el.get("t-value") or "None", scope)
        elif "t-valuef" in el.attrib or "t-valuef.translate" in el.attrib:
            scope[name] = format_string(el.get("t-valuef", el.get("t-valuef.translate")), scope)
        else:
            body: list[str] = []
            self._render_children(el, scope, body)
            scope[name] = Markup("".join(body))

    # -- helpers ----------------------------------------------------------------------------

    def _eval(self, el, directive: str, expr: str, scope: Scope):
        try:
            return evaluate(expr, scope)
        except QWebException:
            raise
        except Exception as exc:
            if type(exc).__module__.startswith("psycopg"):
                raise
            raise self._error(el, exc, f'{directive}="{expr}"') from exc

    def _error(self, el, exc: Exception, directive: str | None) -> QWebException:
        try:
            path = el.getroottree().getpath(el)
        except ValueError:
            path = None
        html = etree.tostring(etree.Element(el.tag, {k: v for k, v in el.attrib.items()}),
                              encoding="unicode")
        if directive is None:
            directive = next((f'{name}="{el.get(name)}"' for name in el.attrib
                              if name.startswith("t-") and name != "t-name"), None)
        return QWebException("Error while render the template", template=self._template_name,
                             path=path, html=html, directive=directive)

    @staticmethod
    def _open(el, tag, attrs: dict, out: list) -> None:
        if tag is None:
            return
        out.append(f"<{tag}")
        for name, value in attrs.items():
            if value or isinstance(value, str):
                out.append(f' {escape(to_text(name))}="{escape(to_text(value))}"')
        out.append("/>" if tag in VOID_ELEMENTS else ">")

    @staticmethod
    def _close(tag, out: list) -> None:
        if tag is not None and tag not in VOID_ELEMENTS:
            out.append(f"</{tag}>")


def _tag_name(el) -> str | None:
    """The tag as written (``prefix:name``), None for ``<t>``."""
    tag = el.tag
    if "}" in tag:
        local = etree.QName(tag).localname
        return None if local == "t" else (f"{el.prefix}:{local}" if el.prefix else local)
    return None if tag == "t" else tag


def _attribute_name(el, key: str) -> str:
    if not key.startswith("{"):
        return key
    qname = etree.QName(key)
    prefixes = {uri: prefix for prefix, uri in el.nsmap.items()}
    prefix = prefixes.get(qname.namespace)
    return f"{prefix}:{qname.localname}" if prefix else qname.localname


def _rstrip(out: list) -> str:
    """Remove the last line's indentation (and its newline) from the output; return it."""
    if out and isinstance(out[-1], str):
        match = _TRAILING_INDENT.search(out[-1])
        if match:
            out[-1] = out[-1][:match.start()]
            return match.group(0)
    return ""


def _next_is_branch(children: list, position: int) -> bool:
    for sibling in children[position + 1:]:
        if isinstance(sibling, _SKIPPED):
            continue
        return any(name in sibling.attrib for name in _BRANCHES)
    return False
