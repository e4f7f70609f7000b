"""The ``store`` stage: articles and coded events in a SQL database (SQLite by default).

>>> with Store(default_db_url()) as store:  # doctest: +SKIP
...     store.add(article, events)
...     store.events(type="PROTEST", country="SYR", near=(36.2, 37.13, 50))
"""

from kabar.store.database import Store, default_db_url

__all__ = ["Store", "default_db_url"]
