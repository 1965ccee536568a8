"""Job functions the fixture workers run (importable by name, as RQ and arq need)."""


def add(x, y):
    return x + y


def fail():
    raise RuntimeError("fixture failure")


async def arq_add(ctx, x, y):
    return x + y
