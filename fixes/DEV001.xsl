<?xml version="1.0" encoding="UTF-8"?>
<!-- DEV001 usb-tablet-legacy-controller: USB controller 0 becomes qemu-xhci.
     Its UHCI companions (other index-0 USB controllers) go, and so does the
     controller's PCI address: an EHCI sits at function 7 of a multifunction
     slot, where a lone XHCI would not be found by the guest (it scans
     function 0 first); libvirt assigns a free slot. Without any USB
     controller (i440fx default piix3-uhci) a qemu-xhci one is added.
     Contract: docs/fixes.md. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="target"/>

  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The first index-0 USB controller is the one that stays. -->
  <xsl:template match="devices/controller[@type='usb'][number(concat('0', @index)) = 0]">
    <xsl:variable name="first" select="../controller[@type='usb'][number(concat('0', @index)) = 0][1]"/>
    <xsl:choose>
      <xsl:when test="generate-id(.) != generate-id($first)"/>
      <xsl:otherwise>
        <xsl:copy>
          <xsl:apply-templates select="@*"/>
          <xsl:attribute name="model">qemu-xhci</xsl:attribute>
          <xsl:apply-templates select="node()[not(self::address or self::master)]"/>
        </xsl:copy>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="devices[not(controller[@type='usb'][number(concat('0', @index)) = 0])]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <controller type="usb" index="0" model="qemu-xhci"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
