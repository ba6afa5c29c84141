module example.com/mapguard-demo

go 1.24
