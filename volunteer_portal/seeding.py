def upsert(model, lookup, defaults):
    """Create the row, or update only the fields that differ, so that repeated loads of the
    demo data change nothing (not even ``auto_now`` timestamps)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **defaults)
    changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        obj.save()
    return obj
