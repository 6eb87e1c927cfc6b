"""Alembic environment: the engine comes from models.db, never from an ini file."""

from alembic import context

from models.db import make_engine
from models.tables import Base

config = context.config


def run() -> None:
    engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        context.configure(
            connection=conn,
            target_metadata=Base.metadata,
            render_as_batch=conn.dialect.name == "sqlite",
        )
        context.run_migrations()


run()
