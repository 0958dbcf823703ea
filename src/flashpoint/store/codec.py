"""Fast JSON encoding and decoding of Flashpoint records for the store.

Reads and writes the same JSON as :func:`flashpoint.records.to_dict` / :func:`~flashpoint.records.from_dict`
(the lossless round trip the records define), but compiles one converter per record class once, instead
of inspecting type hints for every value: the ledger decodes a candidate incident for every event it
fuses, and the generic path was most of the fusion time (see ``benchmarks/bench_fusion.py``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
import types
import typing
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

import orjson

T = TypeVar("T")
Converter = Callable[[Any], Any]


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


@functools.cache
def _getter(cls: type) -> tuple[tuple[str, ...], Callable[[Any], Any]]:
    names = _field_names(cls)
    get = operator.attrgetter(*names)
    if len(names) == 1:
        return names, lambda value: (get(value),)
    return names, get


def _default(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        names, get = _getter(typing.cast(type, value.__class__))
        return dict(zip(names, get(value), strict=True))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def dumps(record: Any) -> str:
    """JSON of a record (same content as ``json.dumps(records.to_dict(record))``).

    orjson serialises dataclasses, enums, dates and tuples natively (the hook handles anything else).
    """
    return orjson.dumps(record, default=_default).decode("utf-8")


def _identity(value: Any) -> Any:
    return value


def _converter(tp: Any) -> Converter:
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        if len(options) != 1:
            return _identity
        inner = _converter(options[0])
        return lambda v: None if v is None else inner(v)
    if origin is tuple:
        args = get_args(tp)
        inner = _converter(args[0]) if args else _identity
        if inner is _identity:
            return lambda v: None if v is None else tuple(v)
        return lambda v: None if v is None else tuple(inner(x) for x in v)
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            build = decoder(tp)
            return lambda v: None if v is None else build(v)
        if issubclass(tp, StrEnum):
            enum = tp
            return lambda v: None if v is None else enum(v)
        if tp is dt.date:
            return lambda v: None if v is None else dt.date.fromisoformat(v)
        if tp is float:
            return lambda v: None if v is None else float(v)
    return _identity


@functools.cache
def decoder(cls: type) -> Callable[[dict[str, Any]], Any]:
    """A compiled function that rebuilds a ``cls`` record from its decoded JSON object."""
    hints = get_type_hints(cls)
    plan = tuple((name, _converter(hints[name])) for name in _field_names(cls))

    def build(data: dict[str, Any]) -> Any:
        return cls(**{name: convert(data[name]) for name, convert in plan if name in data})

    return build


def loads(cls: type[T], text: str | bytes) -> T:
    """A ``cls`` record from JSON written by :func:`dumps` or :func:`flashpoint.records.to_dict`."""
    record: T = decoder(typing.cast(type, cls))(orjson.loads(text))
    return record
