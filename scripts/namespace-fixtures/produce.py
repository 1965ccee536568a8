"""Runs one Python framework briefly against a private redis-server so that it writes the
keys it really writes; record-namespace-fixtures.sh then records them as an rstate record
file. Usage: produce.py FRAMEWORK PORT DB (run from the directory holding this file)."""

import asyncio
import os
import sys
import time

framework, port, db = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
url = f"redis://127.0.0.1:{port}/{db}"


def celery():
    from celery import Celery

    app = Celery("tasks", broker=url, backend=url)
    app.conf.task_serializer = "json"

    @app.task(name="tasks.add")
    def add(x, y):
        return x + y

    # Two messages wait in the default queue, one in a named queue (kombu bindings too).
    add.delay(2, 3)
    add.apply_async((4, 5), queue="reports")
    add.apply_async((1, 1), countdown=0)
    # Results as a worker stores them (default expiry: one day).
    for task_id, value in [("6f1b0c2e-0d5e-4a8e-9f61-2b7c1d3e4f50", 5),
                           ("0a4f3b9e-7c2d-4e1f-8a6b-5d9c3e2f1a07", 9)]:
        app.backend.store_result(task_id, value, "SUCCESS")
    app.backend.store_result("9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", ValueError("boom"), "FAILURE")
    # Bindings are declared when a queue is first used by a consumer.
    with app.connection_for_read() as connection:
        for queue in app.amqp.queues.values():
            queue(connection.default_channel).declare()


def rq():
    from redis import Redis
    from rq import Queue, SimpleWorker

    import jobs

    redis = Redis.from_url(url)
    queue = Queue("default", connection=redis)
    done = queue.enqueue(jobs.add, 2, 3)
    queue.enqueue(jobs.fail)
    SimpleWorker([queue], connection=redis).work(burst=True)
    # Left waiting after the worker stopped.
    queue.enqueue(jobs.add, 7, 8)
    Queue("emails", connection=redis).enqueue(jobs.add, 1, 2)
    assert done.get_status() is not None


def arq():
    from arq import create_pool, Worker
    from arq.connections import RedisSettings

    import jobs

    async def main():
        settings = RedisSettings(host="127.0.0.1", port=port, database=db)
        pool = await create_pool(settings)
        await pool.enqueue_job("arq_add", 2, 3)
        await pool.enqueue_job("arq_add", 4, 5)
        worker = Worker(functions=[jobs.arq_add], redis_settings=settings, burst=True,
                        handle_signals=False, poll_delay=0.1)
        await worker.main()
        await worker.close()
        await pool.enqueue_job("arq_add", 6, 7)
        await pool.enqueue_job("arq_add", 8, 9, _defer_by=3600)
        await pool.aclose()

    asyncio.run(main())


def dramatiq():
    import dramatiq
    from dramatiq.brokers.redis import RedisBroker
    from dramatiq.results import Results
    from dramatiq.results.backends import RedisBackend

    broker = RedisBroker(url=url)
    broker.add_middleware(Results(backend=RedisBackend(url=url)))
    dramatiq.set_broker(broker)

    @dramatiq.actor(store_results=True)
    def add(x, y):
        return x + y

    add.send(2, 3)
    add.send(4, 5)
    worker = dramatiq.Worker(broker, worker_threads=1)
    worker.start()
    time.sleep(2)
    worker.stop()
    add.send(6, 7)
    add.send_with_options(args=(1, 1), delay=3_600_000)


def huey():
    from huey import RedisHuey

    huey = RedisHuey("shop", url=url)

    @huey.task()
    def add(x, y):
        return x + y

    add(2, 3)
    add.schedule((4, 5), delay=3600)
    huey.put("report", {"rows": 3})


def flask_session():
    from flask import Flask, session
    from flask_session import Session
    from redis import Redis

    app = Flask(__name__)
    app.config.update(SESSION_TYPE="redis", SESSION_REDIS=Redis.from_url(url),
                      SESSION_PERMANENT=True, SECRET_KEY="fixture")
    Session(app)

    @app.route("/login/<int:user>")
    def login(user):
        session["user_id"] = user
        session["cart"] = [1, 2]
        return "ok"

    for user in (1, 2, 3):
        app.test_client().get(f"/login/{user}")


def django():
    from django.conf import settings

    settings.configure(
        SECRET_KEY="fixture",
        INSTALLED_APPS=["django.contrib.sessions"],
        CACHES={"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url}},
        SESSION_ENGINE="django.contrib.sessions.backends.cache",
    )
    import django as framework

    framework.setup()
    from django.contrib.sessions.backends.cache import SessionStore
    from django.core.cache import cache

    cache.set("greeting", "hello")
    cache.set("user:42", {"name": "Ann", "roles": ["admin"]}, timeout=600)
    cache.set("visits", 17, timeout=None)
    cache.set("ver", "two", version=2)
    for user in (1, 2):
        store = SessionStore()
        store["user_id"] = user
        store.save()


def django_signed_sessions():
    from django.conf import settings

    settings.configure(
        SECRET_KEY="fixture",
        INSTALLED_APPS=["django.contrib.sessions"],
        SESSION_REDIS={"host": "127.0.0.1", "port": port, "db": db, "prefix": ""},
    )
    import django as framework

    framework.setup()
    from redis_sessions.session import SessionStore

    for user in (1, 2):
        store = SessionStore()
        store["user_id"] = user
        store["cart"] = [1, 2]
        store.save()


def limits():
    from limits import RateLimitItemPerMinute, RateLimitItemPerHour
    from limits.storage import storage_from_string
    from limits.strategies import (FixedWindowRateLimiter, MovingWindowRateLimiter,
                                   SlidingWindowCounterRateLimiter)

    storage = storage_from_string(url)
    per_minute = RateLimitItemPerMinute(10)
    for client in ("192.168.0.1", "192.168.0.2"):
        for _ in range(3):
            FixedWindowRateLimiter(storage).hit(per_minute, client, "/api")
    MovingWindowRateLimiter(storage).hit(RateLimitItemPerHour(100), "192.168.0.3", "login")
    SlidingWindowCounterRateLimiter(storage).hit(per_minute, "192.168.0.4", "search")


def aiocache():
    from aiocache import Cache, cached

    async def main():
        cache = Cache(Cache.REDIS, endpoint="127.0.0.1", port=port, db=db, namespace="main")
        await cache.set("user:1", {"name": "Ann"}, ttl=600)
        await cache.set("user:2", {"name": "Bob"}, ttl=600)
        await cache.close()

        @cached(ttl=600, cache=Cache.REDIS, endpoint="127.0.0.1", port=port, db=db,
                namespace="fn")
        async def compute(x):
            return x * 2

        for x in (3, 4):
            await compute(x)

    asyncio.run(main())


def cashews():
    from cashews import cache

    async def main():
        cache.setup(url, secret="fixture", digestmod="md5")
        await cache.set("fn:report:7", {"rows": [1, 2, 3]}, expire=600)
        await cache.set("fn:report:8", {"rows": []}, expire=600)
        await cache.close()

    asyncio.run(main())


def aiocache_default_keys():
    # @cached without a namespace: the key is the module and function name and the
    # arguments' repr run together (aiocache's default key builder), e.g. jobsget_user(1,)[].
    from aiocache import Cache, cached

    import jobs

    async def main():
        options = dict(ttl=600, cache=Cache.REDIS, endpoint="127.0.0.1", port=port, db=db)
        get_user = cached(**options)(jobs.get_user)
        exchange_rate = cached(**options)(jobs.exchange_rate)
        await get_user(1)
        await get_user(2, lang="fr")
        await exchange_rate("EUR", "USD")

    asyncio.run(main())


def django_redis():
    # django-redis beyond cache.set: sets and hashes (django-redis >= 5.4), a lock held by a
    # worker, and a counter, all under KEY_PREFIX "" and version 1 (`:1:`).
    from django.conf import settings

    settings.configure(
        SECRET_KEY="fixture",
        CACHES={"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url}},
    )
    import django as framework

    framework.setup()
    from django.core.cache import cache

    cache.set("page:/pricing", "<html>pricing</html>")
    cache.sadd("tags:post:7", "python", "redis")
    cache.hset("profile:42", "name", "Ann")
    cache.hset("profile:42", "plan", "pro")
    cache.set("hits", 0, timeout=None)
    cache.incr("hits", 5)
    lock = cache.lock("rebuild-search-index", timeout=60)
    assert lock.acquire(blocking=False)


def langgraph():
    # LangGraph with the Redis checkpointer of its documentation's how-to ("How to create a
    # custom checkpointer using Redis"): plain hashes, `$`-joined keys
    # checkpoint$<thread>$<ns>$<checkpoint id> (checkpoint, type, metadata,
    # parent_checkpoint_id) and writes$<thread>$<ns>$<checkpoint id>$<task id>$<idx> (channel,
    # type, value). The saver below writes that documented layout with langgraph's own
    # serializer; langgraph-checkpoint-redis itself needs RedisJSON and RediSearch.
    import operator
    from typing import Annotated, TypedDict

    from langgraph.checkpoint.base import WRITES_IDX_MAP, BaseCheckpointSaver, CheckpointTuple
    from langgraph.graph import END, START, StateGraph
    from redis import Redis

    conn = Redis.from_url(url)

    def key(*parts):
        return "$".join(str(part) for part in parts)

    class DocumentedRedisSaver(BaseCheckpointSaver):
        def put(self, config, checkpoint, metadata, new_versions):
            conf = config["configurable"]
            thread, ns = conf["thread_id"], conf.get("checkpoint_ns", "")
            kind, blob = self.serde.dumps_typed(checkpoint)
            conn.hset(key("checkpoint", thread, ns, checkpoint["id"]), mapping={
                "checkpoint": blob, "type": kind,
                "metadata": self.serde.dumps_typed(metadata)[1],
                "parent_checkpoint_id": conf.get("checkpoint_id") or "",
            })
            return {"configurable": {"thread_id": thread, "checkpoint_ns": ns,
                                     "checkpoint_id": checkpoint["id"]}}

        def put_writes(self, config, writes, task_id, task_path=""):
            conf = config["configurable"]
            for idx, (channel, value) in enumerate(writes):
                kind, blob = self.serde.dumps_typed(value)
                conn.hset(key("writes", conf["thread_id"], conf.get("checkpoint_ns", ""),
                              conf["checkpoint_id"], task_id, WRITES_IDX_MAP.get(channel, idx)),
                          mapping={"channel": channel, "type": kind, "value": blob})

        def get_tuple(self, config):
            conf = config["configurable"]
            thread, ns = conf["thread_id"], conf.get("checkpoint_ns", "")
            wanted = conf.get("checkpoint_id") or "*"
            keys = sorted(conn.keys(key("checkpoint", thread, ns, wanted)))
            if not keys:
                return None
            data = conn.hgetall(keys[-1])
            checkpoint_id = keys[-1].decode().rsplit("$", 1)[1]
            writes = []
            for write_key in sorted(conn.keys(key("writes", thread, ns, checkpoint_id, "*"))):
                fields = conn.hgetall(write_key)
                writes.append((write_key.decode().split("$")[4], fields[b"channel"].decode(),
                               self.serde.loads_typed((fields[b"type"].decode(),
                                                       fields[b"value"]))))
            parent = data[b"parent_checkpoint_id"].decode()
            return CheckpointTuple(
                {"configurable": {"thread_id": thread, "checkpoint_ns": ns,
                                  "checkpoint_id": checkpoint_id}},
                self.serde.loads_typed((data[b"type"].decode(), data[b"checkpoint"])),
                self.serde.loads_typed((data[b"type"].decode(), data[b"metadata"])),
                {"configurable": {"thread_id": thread, "checkpoint_ns": ns,
                                  "checkpoint_id": parent}} if parent else None,
                writes,
            )

        def list(self, config, *, filter=None, before=None, limit=None):
            found = self.get_tuple(config)
            return iter([found] if found else [])

    class Chat(TypedDict):
        messages: Annotated[list, operator.add]
        turns: int

    def reply(state):
        return {"messages": [f"echo: {state['messages'][-1]}"], "turns": state["turns"] + 1}

    def summarize(state):
        return {"messages": [f"{len(state['messages'])} messages so far"]}

    inner = StateGraph(Chat)
    inner.add_node("summarize", summarize)
    inner.add_edge(START, "summarize")
    inner.add_edge("summarize", END)
    builder = StateGraph(Chat)
    builder.add_node("reply", reply)
    builder.add_node("notes", inner.compile())
    builder.add_edge(START, "reply")
    builder.add_edge("reply", "notes")
    builder.add_edge("notes", END)
    graph = builder.compile(checkpointer=DocumentedRedisSaver())
    for thread in ("thread-1", "thread-2"):
        config = {"configurable": {"thread_id": thread}}
        graph.invoke({"messages": ["hello"], "turns": 0}, config)
        graph.invoke({"messages": ["and again"]}, config)


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
{
    "celery": celery, "rq": rq, "arq": arq, "dramatiq": dramatiq, "huey": huey,
    "flask-session": flask_session, "django": django,
    "django-signed-sessions": django_signed_sessions, "limits": limits,
    "aiocache": aiocache, "cashews": cashews, "aiocache-default-keys": aiocache_default_keys,
    "django-redis": django_redis, "flask-session-0.5": flask_session, "langgraph": langgraph,
}[framework]()
