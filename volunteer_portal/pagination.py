class ForgivingPaginationMixin:
    """For list views: a page number that is not a number shows the first page, and one past
    the end shows the last, instead of a 404 for a link that has merely gone stale."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
