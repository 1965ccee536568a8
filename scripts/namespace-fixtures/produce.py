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


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
{
    "celery": celery, "rq": rq, "arq": arq, "dramatiq": dramatiq, "huey": huey,
    "flask-session": flask_session, "django": django,
    "django-signed-sessions": django_signed_sessions, "limits": limits,
    "aiocache": aiocache, "cashews": cashews,
}[framework]()
