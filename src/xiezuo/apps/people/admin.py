from django.contrib import admin

from xiezuo.apps.core.admin import LedgerAdmin
from xiezuo.apps.people.models import Organisation, Person, Position

admin.site.register(Organisation, LedgerAdmin)
admin.site.register(Person, LedgerAdmin)
admin.site.register(Position, LedgerAdmin)
