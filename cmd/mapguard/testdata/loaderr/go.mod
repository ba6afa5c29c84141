module example.com/loaderr

go 1.22
