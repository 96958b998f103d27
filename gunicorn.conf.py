"""gunicorn's settings for the product (read from the working directory by
the Procfile's `gunicorn mongcai.wsgi` and by the benchmark's server).

Each worker, once it has loaded Django, moves every object it holds then
(modules, models, URL patterns, translations) out of the cyclic garbage
collector's reach (`gc.freeze`) and collects the young generation ten
times less often. A worker holds about 220.000 such objects; every full
collection walked them all. In a worker serving forms and dashboards the
collector took 0,9 to 1,1 ms of a request's 14, and 0,4 to 0,7 with this
hook (docs/BENCHMARKS.md, eighth round). Objects
made by requests are collected as before; reference counting frees the
rest at once, whatever the thresholds.
"""

import gc

# Young objects a collection waits for (Python's default is 700); the older
# generations' ratios are Python's.
GC_THRESHOLDS = (7000, 10, 10)


def post_worker_init(worker):
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
