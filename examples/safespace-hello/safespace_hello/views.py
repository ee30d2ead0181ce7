from django.shortcuts import render


def hello(request):
    return render(request, "safespace_hello/hello.html")
