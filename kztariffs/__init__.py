"""kztariffs: facts about Kazakh mobile tariffs, scraped, normalised and published as JSON."""

__version__ = "0.1.0"
