"""The benchmark's own middleware (tools.bench.settings only): which gunicorn
worker served a response, so that the warm-up can check that every worker has
served every kind of page before the load is measured."""

import os

HEADER = "X-Bench-Worker"


def worker_header(get_response):
    pid = str(os.getpid())

    def middleware(request):
        response = get_response(request)
        response[HEADER] = pid
        return response

    return middleware
