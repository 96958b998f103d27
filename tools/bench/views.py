from django.shortcuts import render


def reference(request):
    """A constant page behind the same sign-in and page frame as every other page:
    the benchmark's floor for a page view (`dashboard_vs_trivial`, docs/BENCHMARKS.md)."""
    return render(request, "bench/trivial.html")
