"""A read-only sequence whose items are made the first time they are read: a load over
a large knowledge base makes only the passages, paragraphs and facts it uses."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar, overload

T = TypeVar("T")


class MadeWhenRead(Sequence[T]):
    """A sequence of ``len(self)`` items, item ``n`` made by ``make(n)`` when read.

    Subclasses give ``__len__`` and ``make``; ``remember`` says whether a made item is
    kept (for items read again and again) or made afresh each time (cheap ones).
    """

    remember = True

    def __len__(self) -> int:
        raise NotImplementedError

    def make(self, index: int) -> T:
        """Item ``index`` (0 <= index < len(self))."""
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = int(index)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("index out of range")
        if not self.remember:
            return self.make(index)
        made: dict[int, T] = self.__dict__.setdefault("_made", {})
        found = made.get(index)
        if found is None:
            found = made[index] = self.make(index)
        return found

    def __iter__(self) -> Iterator[T]:
        return (self[i] for i in range(len(self)))
