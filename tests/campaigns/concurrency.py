"""Roll-ups started at the same moment from several threads (each its own database
connection), for the tests that the campaign lock serialises them and each delta
is taken from the rows the one before committed (tests/campaigns/test_rollup*.py).
Only with ``django_db(transaction=True)``: the threads must see committed rows."""

import threading

from django.db import connection

from campaigns.services import tally_recompute_for_report


def roll_up_at_once(report_ids: list[int], roll_up_one=None, results=None) -> list[Exception]:
    """Roll up each report of `report_ids` (one may come twice) in its own thread,
    all released together, with `roll_up_one` (default: `tally_recompute_for_report`),
    whose return values go to `results`; the errors they raised, none when all
    went well."""
    roll_up_one = roll_up_one or tally_recompute_for_report
    barrier = threading.Barrier(len(report_ids))
    errors: list[Exception] = []

    def roll_up(report_id):
        try:
            barrier.wait()
            returned = roll_up_one(report_id=report_id)
            if results is not None:
                results.append(returned)
        except Exception as error:  # returned to the test, which asserts there is none
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=roll_up, args=(pk,)) for pk in report_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
