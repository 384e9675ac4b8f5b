"""A history row (a complaint's, an information request's, an instruction's steps):
written once, never changed or deleted, so the record of who did what stays true."""


class Immutable:
    """Mix into a model before models.Model."""

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError(f"{type(self).__name__} rows are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} rows are immutable")
