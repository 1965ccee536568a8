"""Job functions the fixture workers run (importable by name, as RQ and arq need)."""


def add(x, y):
    return x + y


def fail():
    raise RuntimeError("fixture failure")


async def arq_add(ctx, x, y):
    return x + y


# aiocache's default key builder names keys by these functions' module and name.
async def get_user(user_id, lang="en"):
    return {"id": user_id, "name": f"user {user_id}", "lang": lang}


async def exchange_rate(base, quote):
    return 1.08
