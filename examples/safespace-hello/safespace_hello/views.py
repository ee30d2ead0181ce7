from django.contrib import messages
from django.shortcuts import redirect, render

from plugins.api import codes

from .models import Visit


def hello(request):
    """The public page: say hello with your participant code (stored, normalised, as a Visit)."""
    error = ""
    if request.method == "POST":
        code = codes.normalize(request.POST.get("code"))
        if codes.is_valid(code):
            Visit.objects.create(code=code)
            messages.success(request, "Hello! Your visit is noted.")
            return redirect(request.path)
        error = "Type your participant code: 3 to 40 letters, digits or hyphens."
    return render(request, "safespace_hello/hello.html", {"error": error}, status=400 if error else 200)
