"""An agreement's review meetings in full, and recording a held one (municipal users)."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from partnerships.forms.review import ReviewMeetingForm
from partnerships.models import Agreement
from partnerships.services.reviews import record_review_meeting
from volunteer_portal.pagination import ForgivingPaginationMixin
from volunteer_portal.permissions import ObjectPermissionMixin, check_object
from volunteer_portal.transitions import DomainError


class AgreementFromUrlMixin(ObjectPermissionMixin):
    @cached_property
    def agreement(self):
        agreement = get_object_or_404(Agreement.objects.all(), pk=self.kwargs["pk"])
        return check_object(self.request.user, agreement, view_perm="partnerships.view_agreement")


class ReviewMeetingListView(AgreementFromUrlMixin, ForgivingPaginationMixin, ListView):
    """Every held meeting of an agreement with participants, minutes and follow-ups."""

    permission_required = "partnerships.view_review_meetings"
    template_name = "partnerships/review_list.html"
    context_object_name = "meetings"
    paginate_by = 20

    def get_queryset(self):
        return self.agreement.review_meetings.order_by("-date", "-pk")

    def get_context_data(self, **kwargs):
        can_add = self.request.user.has_perm("partnerships.add_review_meeting", self.agreement)
        return super().get_context_data(agreement=self.agreement, can_add=can_add, **kwargs)


class ReviewMeetingCreateView(AgreementFromUrlMixin, FormView):
    """Record a held meeting; the agreement's next review is planned from its schedule."""

    permission_required = "partnerships.add_review_meeting"
    form_class = ReviewMeetingForm
    template_name = "partnerships/review_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.agreement, **kwargs)

    def form_valid(self, form):
        try:
            record_review_meeting(self.agreement, **form.cleaned_data, by=self.request.user)
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        if self.agreement.next_review_date:
            message = _("The meeting has been recorded. The next review is on %(date)s.") % {
                "date": date_format(self.agreement.next_review_date, "j. F Y")
            }
        else:
            message = _("The meeting has been recorded. No further review is planned.")
        messages.success(self.request, message)
        return HttpResponseRedirect(
            reverse("partnerships:review-list", kwargs={"pk": self.agreement.pk})
        )
