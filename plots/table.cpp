// placeholder: replaced by the plots implementation
