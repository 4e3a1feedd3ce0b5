"""Marking texts that the core gives in English and the GUI shows translated.

``QT_TR_NOOP("...")`` returns its text unchanged; the translation pipeline (packaging/translations.py)
gives pyside6-lupdate every core module that uses it, which finds the texts by this name, and the
GUI passes them through its ``tr()`` (format arguments apart: a text with ``{0}`` is formatted after
translation). The core and the command line use the English text as it is. No Qt here.

A sentence the core composes from parts is a :class:`Text`: a ``str`` (the English sentence, so the
command line, logs and comparisons use it as any string) that also carries its template (marked with
``QT_TR_NOOP``) and its arguments. The GUI (ui/i18n.py ``tr_text``) translates the template and then
formats the arguments into it: arguments (server strings, keys, names) are only ever substituted, never
read as templates; an argument that is itself a :class:`Text` is translated the same way.

A sentence about a number of things is a :class:`Plural`: the core chooses its English singular or
plural as before, and the GUI asks Qt for the plural form of the user's language (``tr`` with ``n``) of
the template marked with ``QT_TR_N_NOOP`` (the pipeline gives lupdate those as numerus messages).
"""

from __future__ import annotations

from typing import Any, cast

__all__ = ["QT_TR_NOOP", "QT_TR_N_NOOP", "Plural", "Text"]


def QT_TR_NOOP(text: str) -> str:
    return text


def QT_TR_N_NOOP(text: str) -> str:
    return text


class Text(str):
    """An English sentence that remembers its ``template`` (``{0}``-style) and ``args``.

    ``Text(QT_TR_NOOP("The bucket '{0}' does not exist."), bucket)`` equals the formatted English
    sentence; ``Text(template)`` with no arguments is the template itself (braces left as they are).
    """

    template: str
    args: tuple[object, ...]

    def __new__(cls, template: str, *args: object) -> Text:
        made = super().__new__(cls, template.format(*args) if args else template)
        made.template = template
        made.args = args
        return made

    def __reduce__(self) -> tuple[Any, ...]:  # pickling (and copy) keep the template and arguments
        return (Text, (self.template, *self.args))

    def __repr__(self) -> str:
        return f"Text({self.template!r}{''.join(', ' + repr(a) for a in self.args)})"



class Plural(Text):
    """A :class:`Text` about ``number`` things: the English ``one`` sentence when ``number`` is 1, else
    ``other`` (both ``{0}``-style, formatted with ``args``). The GUI translates ``other`` (marked with
    ``QT_TR_N_NOOP``) with ``number``, so each language's own plural forms are used.

    ``Plural(n, "1 day", QT_TR_N_NOOP("{0} days"), n)``."""

    number: int
    one: str
    other: str

    def __new__(cls, number: int, one: str, other: str, *args: object) -> Plural:
        made = cast(Plural, super().__new__(cls, one if number == 1 else other, *args))
        made.number = number
        made.one = one
        made.other = other
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Plural, (self.number, self.one, self.other, *self.args))

    def __repr__(self) -> str:
        return f"Plural({self.number}, {self.one!r}, {self.other!r}{''.join(', ' + repr(a) for a in self.args)})"
