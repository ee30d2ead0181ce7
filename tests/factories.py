import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from safespace.models import HomePage, StandardPage


# Every factory-made user signs in with it (browser tests type it).
PASSWORD = "a-long-test-password"

class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"
    hero_heading = "A safe space"
    hero_text = "<p>Welcome.</p>"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    intro = "An introduction."

    class Meta:
        model = StandardPage


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))
            self.save()
