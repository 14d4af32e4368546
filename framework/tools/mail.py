"""Text, HTML and e-mail address helpers addons import from ``odoo.tools`` (Odoo's
``tools/mail.py`` names): HTML to plain text and back, "is this HTML empty", and the
parsing and normalising of e-mail addresses."""
from __future__ import annotations

import html as htmllib
import itertools
import re
import secrets
import socket
import time
from email.utils import formataddr as _stdlib_formataddr
from email.utils import getaddresses

from lxml import etree
from markupsafe import Markup
from markupsafe import escape as html_escape

from .html_sanitizer import html_sanitize as html_sanitize  # `odoo.tools.mail.html_sanitize`
from .html_sanitizer import safe_attrs as safe_attrs  # `odoo.tools.mail.safe_attrs`

# -- HTML and plain text ---------------------------------------------------------------------------

#: elements that end a paragraph of text (a blank line after them)
_BLOCKS = frozenset({"p", "div", "section", "article", "header", "footer", "blockquote", "pre", "table",
                     "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"})
#: elements that end a line
_LINES = frozenset({"tr", "li", "dt", "dd"})
_ICON = re.compile(r"<\s*(i|span)\b[^>]*\bclass\s*=\s*[\"'][^\"']*\b(fa|fab|fad|far|oi)\b")
_FORMATTING_TAG = re.compile(r"<\s*/?\s*(p|div|section|span|br|b|i|font)\b[^>]*>", re.IGNORECASE)
_URL = re.compile(r"""(?<!["'=])\b((?:https?|ftp)://[^\s<>"']+)""")


def is_html_empty(html_content) -> bool:
    """Whether ``html_content`` shows nothing: no text once the formatting tags (p, div,
    span, br, b, i, font...) are taken away, and no icon."""
    if not html_content:
        return True
    text = htmllib.unescape(_FORMATTING_TAG.sub("", str(html_content)))
    return not text.strip() and not _ICON.search(str(html_content))


def html2plaintext(html, body_id=None, encoding: str = "utf-8", include_references: bool = True) -> str:
    """The text of an HTML document as an e-mail's plain-text part would show it: bold as
    ``*text*``, italics as ``/text/``, titles as ``**TEXT**``, list items as ``* item``,
    one paragraph per block, and links and images numbered ``[1]`` with their addresses
    listed at the end (unless ``include_references`` is False). ``body_id``: the id of the
    element to convert instead of ``<body>``."""
    if isinstance(html, bytes):
        html = html.decode(encoding)
    if not (html and str(html).strip()):
        return ""
    tree = etree.fromstring(str(html), parser=etree.HTMLParser())
    if tree is None:
        return ""
    found = tree.xpath("//*[@id=$id]", id=body_id) if body_id is not None else tree.xpath("//body")
    root = found[0] if found else tree
    references: list[str] = []
    numbers = itertools.count(1)
    parts: list[str] = []
    _text_of(root, parts, references, numbers, include_references)
    text = "".join(parts).replace("\r", "")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if references:
        text += "\n\n" + "\n".join(f"[{index}] {url}" for index, url in enumerate(references, start=1))
    return text


def _text_of(element, parts: list, references: list, numbers, include_references: bool) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.lower()
    if tag in ("script", "style", "head", "title"):
        return
    if tag == "br":
        parts.append("\n")
    elif tag == "img":
        if include_references and element.get("src"):
            references.append(element.get("src"))
            parts.append(f"[{next(numbers)}]")
    inner: list[str] = []
    if element.text and tag:
        inner.append(re.sub(r"\s+", " ", element.text) if tag != "pre" else element.text)
    for child in element:
        _text_of(child, inner, references, numbers, include_references)
        if child.tail:
            inner.append(re.sub(r"\s+", " ", child.tail))
    text = "".join(inner)
    if tag in ("b", "strong") and text.strip():
        text = f"*{text}*"
    elif tag in ("i", "em") and text.strip():
        text = f"/{text}/"
    elif tag in ("h1", "h2", "h3", "h4", "h5", "h6") and text.strip():
        text = f"**{text.strip().upper()}**"
    elif tag == "li":
        text = f"* {text.strip()}"
    elif tag == "a" and element.get("href") and include_references:
        references.append(element.get("href"))
        text = f"{text} [{next(numbers)}]"
    if tag in _BLOCKS:
        parts.append(f"\n{text.strip()}\n\n" if text.strip() else "\n")
    elif tag in _LINES:
        parts.append(f"{text.strip()}\n")
    else:
        parts.append(text)


def plaintext2html(text: str, container_tag: str | None = None) -> Markup:
    """Plain text as HTML: escaped, links made clickable, a paragraph per blank-line
    separated block and ``<br/>`` for the other line breaks, wrapped in ``container_tag``
    when given."""
    escaped = str(html_escape(text or ""))
    escaped = _URL.sub(lambda match: f'<a href="{match.group(1)}" target="_blank" '
                                     f'rel="noreferrer noopener">{match.group(1)}</a>', escaped)
    paragraphs = [block.strip("\n").replace("\n", "<br/>")
                  for block in re.split(r"\n\s*\n", escaped.replace("\r\n", "\n")) if block.strip()]
    result = "".join(f"<p>{block}</p>" for block in paragraphs)
    if container_tag:
        result = f"<{container_tag}>{result}</{container_tag}>"
    return Markup(result)


# -- e-mail addresses --------------------------------------------------------------------------------

def email_split_tuples(text) -> list[tuple[str, str]]:
    """``[(name, address)]`` of the addresses written in ``text`` (names may be empty)."""
    if not text:
        return []
    return [(name, address) for name, address in getaddresses([str(text)])
            if address and "@" in address]


def email_split(text) -> list[str]:
    """The addresses written in ``text``."""
    return [address for _name, address in email_split_tuples(text)]


def email_split_and_format(text) -> list[str]:
    """The addresses of ``text`` as ``"Name <address>"`` (just the address without a name)."""
    return [f'"{name}" <{address}>' if name else address for name, address in email_split_tuples(text)]


def email_normalize(text, strict: bool = True) -> str | bool:
    """The one address of ``text``, lowercased, or False when there is none (or, when
    ``strict``, more than one)."""
    addresses = email_split(text)
    if not addresses or (strict and len(addresses) != 1):
        return False
    return addresses[0].lower()


def email_normalize_all(text) -> list[str]:
    """Every address of ``text``, lowercased."""
    return [address.lower() for address in email_split(text)]


def email_domain_extract(email) -> str | bool:
    """The domain of a normalised address, or False."""
    normalized = email_normalize(email)
    return normalized.split("@", 1)[1] if normalized else False


def email_split_and_format_normalize(text) -> list[str]:
    """The addresses of ``text`` as ``"Name" <address>``, each address lowercased."""
    return [formataddr((name, address.lower())) for name, address in email_split_tuples(text)]


def formataddr(pair: tuple[str, str], charset: str = "utf-8") -> str:
    """``"Name" <address>`` (just the address without a name), as a header value.

    With ``charset='ascii'`` the result is plain ASCII for an SMTP envelope: the domain is
    IDNA-encoded and a non-ASCII name RFC 2047-encoded; a non-ASCII local part cannot be
    and raises ``ValueError``."""
    name, address = pair
    local, at, domain = (address or "").rpartition("@")
    if charset == "ascii":
        if not local.isascii():
            raise ValueError(f"{address!r}: a non-ASCII local part cannot be sent as ASCII")
        domain = domain.encode("idna").decode("ascii") if domain else domain
    address = f"{local}{at}{domain}" if at else address
    if not name:
        return address
    if charset == "ascii" and not name.isascii():
        return _stdlib_formataddr((name, address), charset="utf-8")
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{quoted}" <{address}>'


def generate_tracking_message_id(res_id) -> str:
    """A ``Message-Id`` naming ``res_id`` (e.g. ``"42-sale.order"``), so that answers to the
    e-mail can be traced back to their document."""
    return (f"<{secrets.randbelow(10 ** 12)}.{time.time():.15f}-openerp-{res_id}@"
            f"{socket.gethostname()}>")


__all__ = ["email_domain_extract", "email_normalize", "email_normalize_all", "email_split",
           "email_split_and_format", "email_split_and_format_normalize", "email_split_tuples",
           "formataddr", "generate_tracking_message_id", "html2plaintext", "html_escape",
           "html_sanitize", "is_html_empty", "plaintext2html"]
