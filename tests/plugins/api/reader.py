"""The brute-force reader of published statements, shared by the surface tests.

A statement is (the counts it adds up, [least, most]): a shown figure is
exact, "fewer than t" is [0, t-1], a withheld one is at least t. The reader
tries every assignment of the counts (0 to ``cap``) against all statements,
one linked set of counts at a time (no statement links two sets, so this is
exact), and returns every value each count can take.
"""

import itertools

from plugins.api import disclosure


def feasible(variables, said, cap: int) -> dict[str, set[int]]:
    possible: dict[str, set[int]] = {}
    left = set(variables)
    while left:
        component = {left.pop()}
        grown = True
        while grown:
            grown = False
            for members, _range in said:
                if component & set(members) and not set(members) <= component:
                    component |= set(members)
                    grown = True
        left -= component
        names = sorted(component)
        statements = [(m, r) for m, r in said if set(m) & component]
        found = {name: set() for name in names}
        for combo in itertools.product(range(cap + 1), repeat=len(names)):
            value = dict(zip(names, combo))
            if all(lo <= sum(value[m] for m in members) <= hi for members, (lo, hi) in statements):
                for name in names:
                    found[name].add(value[name])
        possible.update(found)
    return possible


def old_reader(cells, total, t=5, slack=25):
    """The old service counts reader: a withheld total says nothing."""
    hidden = [i for i, c in enumerate(cells) if not c.shown]
    shown_sum = sum(c.value for c in cells if c.shown)
    ranges = [range(0, t) if cells[i].state == disclosure.FEWER else range(t, t + slack + (total.value if total else 0))
              for i in hidden]
    possible = {i: set() for i in hidden if cells[i].state == disclosure.FEWER}
    for combo in itertools.product(*ranges):
        s = shown_sum + sum(combo)
        if total is not None and total.state == disclosure.SHOWN and s != total.value:
            continue
        if total is not None and total.state == disclosure.FEWER and s >= t:
            continue
        for i, v in zip(hidden, combo):
            if i in possible:
                possible[i].add(v)
    return possible
