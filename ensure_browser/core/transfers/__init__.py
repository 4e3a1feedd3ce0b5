"""Transfers: drop planning, a journaled transfer queue, one runner per kind of job.

* :mod:`.plan` decides, before any byte is sent, what each dropped path becomes (or why it is refused);
  :mod:`.local_names` does the same for downloaded files' names.
* :mod:`.jobs` is the job model (kinds, states, snapshots); :mod:`.state` what the scheduler and the
  runners share under one lock; :mod:`.batches` counts a batch of work until its summary.
* :mod:`.queue` is the scheduler (:class:`~.queue.TransferQueue`): adding, pausing, cancelling,
  retrying, handing out work items; :mod:`.driver` runs them on its own threads (CLI, tests).
* The runners, on the base in :mod:`.runner`: :mod:`.upload`, :mod:`.download`, :mod:`.thumbnail`
  and :mod:`.recovery` (after a crash); existing targets are settled by :mod:`.conflicts` (with one
  listing per batch, :mod:`.listing`); :mod:`.speed` is the moving-average speed.
* :mod:`.journal` keeps unfinished jobs and multipart upload ids on disk, written atomically; an
  unreadable journal is kept aside, never written over (:mod:`.unreadable_journal`).
"""
