from django.contrib import admin

from xiezuo.apps.people.models import Organisation, Person, Position

admin.site.register(Organisation)
admin.site.register(Person)
admin.site.register(Position)
